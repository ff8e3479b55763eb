import Foundation
import MosaicConfig
import Testing

/// `ui.default_language` takes any language code (the server checks that a locale file has it).
@Suite struct DefaultLanguageConfigTests {
    @Test func aLanguageCodeIsAcceptedAndAnythingElseNamed() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile + "ui:\n  default_language: ru\n")
        let setup = try fixture.load().get()
        #expect(setup.config.ui.defaultLanguage == "ru")

        try fixture.write("node.yaml", NetworkFixture.nodeFile + "ui:\n  default_language: Russian\n")
        let problem = try #require(fixture.problems().first)
        #expect(problem.key == "ui.default_language")
        #expect(problem.found == "'Russian'")
        #expect(problem.expected.contains("a language code of the interface's locale files"))
    }
    /// Given the interface's languages (as `config check`, `serve` and `demo` pass them), a code
    /// without a locale file is a problem at its file and line, listing the languages there are.
    @Test func aCodeWithoutALocaleFileIsAProblemWhereItIsWritten() throws {
        let fixture = try NetworkFixture()
        try fixture.write("node.yaml", NetworkFixture.nodeFile + "ui:\n  default_language: uk\n")
        let path = fixture.path("node.yaml")
        guard case .failure(let problems) = NodeConfigLoader.load(path: path, interfaceLanguages: ["en", "fr", "de", "ru"]) else {
            Issue.record("uk accepted without a uk locale file")
            return
        }
        let problem = try #require(problems.problems.first)
        #expect(problem.key == "ui.default_language" && problem.found == "'uk'")
        #expect(problem.expected.contains("de, en, fr, ru") && problem.expected.contains("docs/TRANSLATING.md"))
        #expect(problem.line == NetworkFixture.nodeFile.split(separator: "\n", omittingEmptySubsequences: false).count + 1)
        #expect(throws: Never.self) { try NodeConfigLoader.load(path: path, interfaceLanguages: ["en", "uk"]).get() }
    }
}
