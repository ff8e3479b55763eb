import Foundation
import Testing

@testable import MosaicServer

/// The locale files: every language complete against English, languages found from the files present,
/// clear errors for a bad file.
@Suite struct LocaleFileTests {
    static var shippedFolder: URL { ModuleResources.root.appendingPathComponent("Locales") }

    /// A temporary folder holding `files` (name → JSON text).
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("locales-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    @Test func everyShippedLanguageHasEveryKeyAndTheSamePlaceholdersAsEnglish() throws {
        // MUT
        let gaps = try Translations.gaps(in: Self.shippedFolder)
        // validate
        #expect(gaps == [])
        let codes = try Translations.shipped().languages.map(\.code)
        #expect(codes == ["en", "de", "fr", "ru"])
    }

    @Test func theCheckFindsAMissingKeyAMissingLabelAndAChangedPlaceholder() throws {
        // setup: a copy of the shipped English and German files, German then damaged three ways
        let english = try String(contentsOf: Self.shippedFolder.appendingPathComponent("en.json"), encoding: .utf8)
        var german = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Self.shippedFolder.appendingPathComponent("de.json"))) as? [String: Any]
        )
        var words = try #require(german["words"] as? [String: String])
        words["search"] = nil
        words["pageOf"] = "Seite {seite} von {pages}"
        german["words"] = words
        var labels = try #require(german["labels"] as? [String: [String: String]])
        labels["theme"]?["trafficking"] = nil
        german["labels"] = labels
        let damaged = String(decoding: try JSONSerialization.data(withJSONObject: german), as: UTF8.self)
        let folder = try Self.folder(["en.json": english, "de.json": damaged])
        // MUT
        let gaps = try Translations.gaps(in: folder)
        // validate
        #expect(gaps.count == 3, "\(gaps)")
        #expect(gaps.contains { $0.hasPrefix("de.json lacks words.search") })
        #expect(gaps.contains { $0.hasPrefix("de.json lacks labels.theme.trafficking") })
        #expect(
            gaps.contains { $0 == "de.json words.pageOf has placeholders [\"pages\", \"seite\"] where English has [\"page\", \"pages\"]" })
    }

    @Test func languagesComeFromTheFilesPresentAndMissingWordsFallBackToEnglish() throws {
        let folder = try Self.folder([
            "en.json":
                #"{"name": "English", "words": {"search": "Search", "catalogue": "Catalogue"}, "labels": {"theme": {"training": "Training"}}}"#,
            "nl.json": #"{"name": "Nederlands", "words": {"search": "Zoeken"}, "labels": {}}"#,
        ])
        // MUT
        let translations = try Translations.load(from: folder)
        // validate
        #expect(translations.languages.map(\.code) == ["en", "nl"])
        let dutch = try #require(translations.language("nl"))
        #expect(dutch.name == "Nederlands")
        #expect(dutch.word("search") == "Zoeken")
        #expect(dutch.word("catalogue") == "Catalogue")
        #expect(dutch.label(.theme, "training") == "Training")
        #expect(dutch.label(.theme, "unheard-of") == "unheard-of")
        #expect(translations.language("de") == nil)
    }

    @Test func aBadFileIsRefusedWithItsNameAndWhatToFix() throws {
        let english = #"{"name": "English", "words": {}, "labels": {}}"#
        let cases: [([String: String], String)] = [
            (["en.json": english, "German.json": english], "locale file German.json is not named after a language code"),
            (
                ["en.json": english, "de.json": #"{"name": "Deutsch", "words": {"search": 3}, "labels": {}}"#],
                "locale file de.json is not a locale file: a value at words.search must be text"
            ),
            (
                ["en.json": english, "de.json": #"{"name": "Deutsch", "words": {}}"#],
                "locale file de.json is not a locale file: the key \"labels\" is missing"
            ),
            (
                ["en.json": english, "de.json": #"{"name": "Deutsch", "words": {}, "labels": {"colour": {}}}"#],
                "has labels of an unknown kind 'colour'"
            ),
            (["de.json": english], "locale file en.json is missing"),
        ]
        for (files, message) in cases {
            let folder = try Self.folder(files)
            let error = try #require(throws: Translations.Invalid.self) { try Translations.load(from: folder) }
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func placeholdersAreFilledInOnePass() {
        #expect(PlaceholderText.names("Page {page} of {pages}") == ["page", "pages"])
        #expect(PlaceholderText.names("{ not one } {x-y} {}") == [])
        // A value holding a placeholder's name is not filled again.
        #expect(PlaceholderText.fill("{date} by {member}", ["date": "{member}", "member": "gamma"]) == "{member} by gamma")
        #expect(PlaceholderText.fill("{unknown} stays", [:]) == "{unknown} stays")
    }
}
