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
}
