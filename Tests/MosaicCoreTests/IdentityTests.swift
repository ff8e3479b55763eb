import Foundation
import MosaicCore
import Testing

/// Member ids, country codes and language tags accept exactly their rules.
@Suite struct IdentityTests {
    @Test(arguments: ["ab", "ecpat-be", "la-strada-md", "a1", "a" + String(repeating: "b", count: 31)])
    func validMemberIds(text: String) {
        #expect(MemberID(text)?.rawValue == text)
    }

    @Test(arguments: [
        "a", "", "Ecpat-be", "ecpat_be", "1ecpat", "-ecpat", "ecpat-be/", " ecpat-be", "ecpat-be ",
        "\u{0435}cpat-be",  // Cyrillic е: a lookalike is not the same id
        "écpat", "a" + String(repeating: "b", count: 32),
    ])
    func invalidMemberIds(text: String) {
        #expect(MemberID(text) == nil)
    }

    @Test func memberIdsOrderByBytes() {
        let ids = ["ecpat-fr", "ecpat-be", "a-b", "a1"].compactMap(MemberID.init).sorted()
        #expect(ids.map(\.rawValue) == ["a-b", "a1", "ecpat-be", "ecpat-fr"])
    }

    @Test func memberIdDecodingRejectsInvalidText() throws {
        let decoded = try JSONDecoder().decode([MemberID].self, from: Data(#"["ecpat-be"]"#.utf8))
        #expect(decoded.first?.rawValue == "ecpat-be")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([MemberID].self, from: Data(#"["ECPAT"]"#.utf8)) }
    }

    @Test func countryCodesAreTheAssignedOnes() {
        #expect(CountryCode.assigned.count == 249)
        for code in ["BE", "FR", "MD", "UA", "KZ", "KG", "TJ", "UZ", "AT"] { #expect(CountryCode(code) != nil) }
        for code in ["be", "XK", "UK", "EU", "BEL", "", "ZZ"] { #expect(CountryCode(code) == nil) }
    }

    @Test func languageTags() {
        for tag in ["fr", "en", "ru", "kk", "pt-BR", "zh-Hant", "sr-Latn-RS"] { #expect(LanguageTag(tag) != nil) }
        for tag in ["", "f", "French", "FR", "fr-", "fr_BE", "fr-x", "fr-toolongsubtag"] { #expect(LanguageTag(tag) == nil) }
    }
}
