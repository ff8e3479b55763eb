import Foundation
import Testing

/// `mosaic conflicts list` names who deleted, who edited and when, with the API's field names.
@Suite struct ConflictDetailCommandTests {
    @Test func aDeleteAgainstAnEditNamesTheDeleterTheEditorAndTheTimes() throws {
        // setup: ecpat-be's records reach the secretariat by bundle
        let demo = try DemoCopy()
        try demo.run("ecpat-be", ["import", demo.path("Config/demo/catalogue/ecpat-be.json")])
        try demo.run("ecpat-be", ["bundle", "create", "--out", demo.path("be-1.bundle")])
        try demo.run("secretariat", ["bundle", "apply", demo.path("be-1.bundle")])
        let found = try demo.json("ecpat-be", ["search", "ReACT", "--member", "ecpat-be", "--type", "practice"]) as? [[String: Any]]
        let id = try #require(found?.first?["id"] as? String)
        // ecpat-be deletes while the secretariat, not having seen it, edits; then they exchange.
        try demo.run("ecpat-be", ["record", "delete", id])
        try demo.run("secretariat", ["record", "edit", id, "--set", "status=archived"])
        try demo.run("secretariat", ["bundle", "create", "--out", demo.path("sec-1.bundle")])
        try demo.run("ecpat-be", ["bundle", "apply", demo.path("sec-1.bundle")])

        // MUT
        let listed = try #require(try demo.json("ecpat-be", ["conflicts", "list"]) as? [[String: Any]])
        let text = try demo.run("ecpat-be", ["conflicts", "list"]).standardOutput

        // validate: the API's shape (`GET /api/v1/conflicts`)
        let conflict = try #require(listed.first { $0["kind"] as? String == "delete" })
        #expect(conflict["id"] as? String == "\(id)/delete")
        #expect(conflict["deleted_by"] as? String == "ecpat-be")
        let deletedAt = try #require(conflict["deleted_at"] as? String)
        #expect(deletedAt.hasSuffix("Z") && deletedAt.contains("T"))
        let edits = try #require(conflict["edited_by"] as? [[String: Any]])
        #expect(edits.map { $0["member"] as? String } == ["secretariat"])
        let editedAt = try #require(edits.first?["at"] as? String)
        #expect(Set(conflict.keys) == ["id", "record", "record_title", "field", "kind", "values", "deleted_by", "deleted_at", "edited_by"])
        #expect(text.contains("deleted by ecpat-be at \(deletedAt)"))
        #expect(text.contains("edited by secretariat at \(editedAt) without seeing the delete"))
    }
}
