import Foundation
import MosaicCore
import Testing

/// The one search folding (``SearchFolding``): what a reader of each member language types finds
/// what is written, and what must stay apart stays apart.
@Suite struct SearchFoldingTests {
    /// (language, as written, as a reader types it).
    static let table: [(String, String, String)] = [
        ("fr", "Repérage précoce, œuvre, Cœur, ÉCOLE", "reperage precoce, oeuvre, coeur, ecole"),
        ("fr", "Ça été noël, naïve, maïs, forêt", "ca ete noel, naive, mais, foret"),
        ("de", "Straße, Größe, Übergriffe, Jugendämter", "strasse, grosse, ubergriffe, jugendamter"),
        ("de", "STRASSE, ẞ", "strasse, ss"),
        ("nl", "Ĳsland, ĳs, geïnformeerd, coördinatie, café", "ijsland, ijs, geinformeerd, coordinatie, cafe"),
        ("pl", "Telefon zaufania w Łodzi – Dajemy Dzieciom Siłę", "telefon zaufania w lodzi – dajemy dzieciom sile"),
        ("pl", "Źródło żółć gęślą jaźń, Ślęża", "zrodlo zolc gesla jazn, sleza"),
        ("ro", "Școală ştiinţă țară ţară, ĂÂÎȘȚ", "scoala stiinta tara tara, aaist"),
        ("ru", "Ёлка, ещё, Йод, мой", "елка, еще, йод, мой"),
        ("uk", "Їжак, Київ, Єдність, Ґанок, ґудзик, Ірпінь", "іжак, киів, єдність, ганок, гудзик, ірпінь"),
        ("kk", "Әлеуметтік қорғау, Ғылым, Ңң, Өмір, Ұлттық, Үй, Һ, Білім", "алеуметтік коргау, гылым, нн, омір, улттык, уй, х, білім"),
        ("ky", "Өкмөт, Үй-бүлө, Балдарды коргоо, Иң", "окмот, уй-було, балдарды коргоо, ин"),
        ("other", "Ærø, Øresund, þing, Điện, ðe, İstanbul, ı, Ħ", "aero, oresund, thing, dien, de, istanbul, i, h"),
        ("compat", "ﬁnancement, ＡＢＣ１２", "financement, abc12"),
    ]

    @Test(arguments: table) func aReaderFindsWhatIsWritten(_ entry: (String, String, String)) {
        let (language, written, typed) = entry
        #expect(SearchFolding.fold(written) == SearchFolding.fold(typed), "\(language): \(written)")
    }

    @Test func foldingIsLowerCaseWithoutMarksExceptTheCyrillicShortI() {
        #expect(SearchFolding.fold("Łódź") == "lodz")
        #expect(SearchFolding.fold("Ё") == "е")
        #expect(SearchFolding.fold("Й") == "й")
        #expect(SearchFolding.fold("ї") == "і")
        #expect(SearchFolding.fold("Ґ") == "г")
        #expect(SearchFolding.fold("formation") == "formation")
        #expect(SearchFolding.fold("Déjà-vu 2024") == "deja-vu 2024")
    }

    /// Letters that are letters of their own in a member language are not merged with another.
    @Test func distinctLettersStayDistinct() {
        #expect(SearchFolding.fold("й") != SearchFolding.fold("и"))
        #expect(SearchFolding.fold("є") != SearchFolding.fold("е"))
        #expect(SearchFolding.fold("і") != SearchFolding.fold("и"))
        #expect(SearchFolding.fold("ы") != SearchFolding.fold("и"))
    }

    /// Composed and decomposed input fold alike, and folding twice changes nothing.
    @Test func foldingIgnoresNormalFormAndIsIdempotent() {
        for (_, written, typed) in Self.table {
            let decomposed = written.decomposedStringWithCanonicalMapping
            #expect(Array(SearchFolding.fold(decomposed).utf8) == Array(SearchFolding.fold(written).utf8))
            #expect(SearchFolding.fold(SearchFolding.fold(typed)) == SearchFolding.fold(typed))
        }
    }

    /// A long text (folded in pieces) folds as each of its characters does, across piece boundaries.
    @Test func aLongTextFoldsAsItsCharactersDo() {
        let text = String(repeating: Self.table.map(\.1).joined(separator: "\n") + " ", count: 40)
        #expect(text.count > 3 * 256)
        #expect(SearchFolding.fold(text) == text.map { SearchFolding.fold(String($0)) }.joined())
        let decomposed = text.decomposedStringWithCanonicalMapping
        #expect(Array(NormalForm.nfc(decomposed).utf8) == Array(text.precomposedStringWithCanonicalMapping.utf8))
    }

    /// A stack of thousands of combining marks folds to its base letter.
    @Test func markStacksFoldAway() {
        #expect(SearchFolding.fold("Z" + "a" + String(repeating: "\u{0301}", count: 5000)) == "za")
    }
}
