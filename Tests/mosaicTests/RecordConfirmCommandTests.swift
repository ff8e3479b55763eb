import Foundation
import Testing

/// `mosaic record show` marks the languages that may be out of date, and `mosaic record confirm`
/// confirms one with a signed commit that another node applies to the same effect.
@Suite struct RecordConfirmCommandTests {
    @Test func aRewrittenTitleMarksTheOthersAndAConfirmationClearsOneOnBothNodes() throws {
        // setup: a practice of ecpat-be with its title in French, Dutch and English; the French is rewritten.
        let demo = try DemoCopy()
        try demo.run("ecpat-be", ["import", demo.path("Config/demo/catalogue/ecpat-be.json")])
        let found = try demo.json("ecpat-be", ["search", "ReACT", "--member", "ecpat-be", "--type", "practice"]) as? [[String: Any]]
        let id = try #require(found?.first?["id"] as? String)
        try demo.run("ecpat-be", ["record", "edit", id, "--set", "title.fr=Formation ReACT : repérer la traite des enfants et y répondre"])
        let shown = try demo.run("ecpat-be", ["record", "show", id]).standardOutput
        #expect(shown.contains("MAY BE OUT OF DATE: title.fr was changed by ecpat-be"))
        #expect(shown.contains("mosaic record confirm \(id) --field title --lang en"))
        func stale(_ member: String) throws -> Set<String> {
            let view = try #require(try demo.json(member, ["record", "show", id]) as? [String: Any])
            return Set((view["stale"] as? [String: Any])?.keys.map { $0 } ?? [])
        }
        #expect(try stale("ecpat-be") == ["title.en", "title.nl"])

        // MUT
        let confirmed = try #require(
            try demo.json("ecpat-be", ["record", "confirm", id, "--field", "title", "--lang", "en"]) as? [String: Any])

        // validate
        #expect(confirmed["operations"] as? Int == 1)
        #expect(try stale("ecpat-be") == ["title.nl"])
        try demo.run("ecpat-be", ["bundle", "create", "--out", demo.path("be.bundle")])
        try demo.run("secretariat", ["bundle", "apply", demo.path("be.bundle")])
        #expect(try stale("secretariat") == ["title.nl"])

        let again = try demo.run("ecpat-be", ["record", "confirm", id, "--field", "title", "--lang", "en"], expectFailure: true)
        #expect(again.standardError.contains("title.en cannot be confirmed: it is not marked as out of date"))
        let wrongField = try demo.run("ecpat-be", ["record", "confirm", id, "--field", "status", "--lang", "en"], expectFailure: true)
        #expect(wrongField.standardError.contains("'status' is not a text field with languages"))
        let help = try MosaicProcess.run(["record", "confirm", "--help"], in: demo.root).standardOutput
        #expect(help.contains("--field") && help.contains("--lang") && help.contains("--json"))
    }
}
