import Foundation
import Testing

/// The catalogue commands as a new user runs them: two demo nodes that only exchange bundles.
@Suite struct CatalogueCommandTests {
    @Test func twoNodesExchangeBundlesBothWaysAndSeeTheSameConflict() throws {
        let demo = try DemoCopy()
        // setup: each node imports its own sample records
        try demo.run("secretariat", ["import", demo.path("Config/demo/catalogue/secretariat.json")])
        try demo.run("ecpat-be", ["import", demo.path("Config/demo/catalogue/ecpat-be.json")])

        // MUT: bundles in both directions, the second one only what the other lacks
        try demo.run("ecpat-be", ["bundle", "create", "--out", demo.path("be-1.bundle")])
        try demo.run("secretariat", ["bundle", "apply", demo.path("be-1.bundle")])
        let beStatus = try demo.run("ecpat-be", ["status", "--json"]).standardOutput
        try beStatus.write(toFile: demo.path("be-vector.json"), atomically: true, encoding: .utf8)
        try demo.run(
            "secretariat", ["bundle", "create", "--since-vector", demo.path("be-vector.json"), "--out", demo.path("sec-1.bundle")])
        try demo.run("ecpat-be", ["bundle", "apply", demo.path("sec-1.bundle")])
        let digest = { (member: String) throws -> String in
            (try demo.json(member, ["status"]) as? [String: Any])?["digest"] as? String ?? ""
        }
        #expect(try digest("secretariat") == (try digest("ecpat-be")))
        #expect(!(try digest("secretariat")).isEmpty)

        // A concurrent edit of the same field by the owner (ecpat-be) and the coordinator.
        let found = try demo.json("ecpat-be", ["search", "ReACT", "--member", "ecpat-be", "--type", "practice"]) as? [[String: Any]]
        let id = try #require(found?.first?["id"] as? String)
        try demo.run("ecpat-be", ["record", "edit", id, "--set", "status=archived"])
        try demo.run("secretariat", ["record", "edit", id, "--set", "status=draft"])
        try demo.run("ecpat-be", ["bundle", "create", "--since-vector", demo.path("be-vector.json"), "--out", demo.path("be-2.bundle")])
        try demo.run("secretariat", ["bundle", "create", "--out", demo.path("sec-2.bundle")])
        // Different orders: ecpat-be applies the whole history again (duplicates), secretariat only the new part.
        try demo.run("ecpat-be", ["bundle", "apply", demo.path("sec-2.bundle")])
        try demo.run("secretariat", ["bundle", "apply", demo.path("be-2.bundle")])

        for member in ["ecpat-be", "secretariat"] {
            let conflicts = try #require(try demo.json(member, ["conflicts", "list"]) as? [[String: Any]])
            #expect(conflicts.map { $0["id"] as? String } == ["\(id)/status"], "\(member)")
            let values = Set((conflicts.first?["values"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String })
            #expect(values == ["archived", "draft"])
        }
        #expect(try digest("secretariat") == (try digest("ecpat-be")))

        // The coordinator resolves; the resolution travels in the next bundle.
        try demo.run("secretariat", ["conflicts", "resolve", "\(id)/status", "--value", "published"])
        try demo.run("secretariat", ["bundle", "create", "--out", demo.path("sec-3.bundle")])
        try demo.run("ecpat-be", ["bundle", "apply", demo.path("sec-3.bundle")])
        let left = try #require(try demo.json("ecpat-be", ["conflicts", "list"]) as? [[String: Any]])
        #expect(left.isEmpty)
        let shown = try demo.run("ecpat-be", ["record", "show", id]).standardOutput
        #expect(shown.contains("status               published"))
        #expect(shown.contains("written by secretariat at"))
    }

    @Test func recordCommandsAndTheirErrors() throws {
        let demo = try DemoCopy()
        let id = try demo.run(
            "ecpat-fr",
            [
                "record", "add", "--type", "practice", "--set", "title.fr=Campagne « Je dis STOP »", "--set",
                "themes=awareness|travel-and-tourism", "--set", "countries=FR",
            ]
        )
        .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 36)
        let listed = try demo.run("ecpat-fr", ["record", "list"]).standardOutput
        #expect(listed.contains("Campagne « Je dis STOP »"))
        #expect(try demo.run("ecpat-fr", ["search", "campagne stop", "--country", "FR"]).standardOutput.contains(id))
        // Errors: clear, exit status 1, nothing changed.
        let vectorBefore = (try demo.json("ecpat-fr", ["status"]) as? [String: Any])?["vector"] as? [String: Int]
        let untitled = try demo.run("ecpat-fr", ["record", "add", "--type", "practice", "--set", "themes=awareness"], expectFailure: true)
        #expect(untitled.standardError.contains("a record needs a title in at least one language"), "\(untitled.standardError)")
        #expect(((try demo.json("ecpat-fr", ["status"]) as? [String: Any])?["vector"] as? [String: Int]) == vectorBefore)
        let badField = try demo.run("ecpat-fr", ["record", "edit", id, "--set", "budget_eur=5"], expectFailure: true)
        #expect(badField.standardError.contains("unknown field 'budget_eur' for a practice"))
        let badValue = try demo.run("ecpat-fr", ["record", "edit", id, "--set", "year=19"], expectFailure: true)
        #expect(badValue.standardError.contains("'19' is not valid for year: expected a year from 1900 to 2100"))
        let noLanguage = try demo.run(
            "ecpat-fr", ["record", "add", "--type", "practice", "--set", "title=Sans langue"], expectFailure: true)
        #expect(noLanguage.standardError.contains("use title.LANG=VALUE"))
        let unknown = try demo.run("ecpat-fr", ["record", "show", "00000000-0000-8000-8000-000000000000"], expectFailure: true)
        #expect(unknown.standardError.contains("no record with id"))
        let hostile = try demo.run("ecpat-fr", ["search", "\" OR 1=1 --"])
        #expect(hostile.status == 0)
        let empty = try demo.run("ecpat-fr", ["search", "*"], expectFailure: true)
        #expect(empty.standardError.contains("nothing to search for"))
        // Delete, then it is gone from listings.
        try demo.run("ecpat-fr", ["record", "delete", id])
        #expect(try demo.run("ecpat-fr", ["record", "list"]).standardOutput.contains("No records."))
    }

    @Test func importRefusesABadFileWholeAndExportReadsBack() throws {
        let demo = try DemoCopy()
        try "type,title.fr,countries\npractice,Fiche A,BE\npractice,Fiche B,XX\n".write(
            toFile: demo.path("bad.csv"), atomically: true, encoding: .utf8)
        let refused = try demo.run("ecpat-be", ["import", demo.path("bad.csv")], expectFailure: true)
        #expect(refused.standardError.contains("line 3: countries: 'XX' is not valid"))
        #expect(refused.standardError.contains("nothing was imported"))
        #expect(try demo.run("ecpat-be", ["record", "list"]).standardOutput.contains("No records."))
        let skipped = try demo.run("ecpat-be", ["import", demo.path("bad.csv"), "--skip-invalid"]).standardOutput
        #expect(skipped.contains("Imported 1 records") && skipped.contains("line 3"))
        try demo.run("ecpat-be", ["export", "--format", "csv", "--out", demo.path("out.csv")])
        let exported = try String(contentsOfFile: demo.path("out.csv"), encoding: .utf8)
        #expect(exported.hasPrefix("id,type,owner,updated,title.fr,"))
        #expect(exported.contains("Fiche A"))
        let again = try demo.run("ecpat-be", ["export", "--format", "csv", "--out", demo.path("out.csv")], expectFailure: true)
        #expect(again.standardError.contains("already exists"))
    }

    /// 08-reimport-roundtrip.sh: export then import again on the same node makes no copy.
    @Test func reimportingAnExportMakesNoCopyAndDryRunSaysSo() throws {
        let demo = try DemoCopy()
        try demo.run(
            "ecpat-be", ["record", "add", "--type", "practice", "--set", "title.fr=Atelier de repérage", "--set", "themes=training"])
        try demo.run("ecpat-be", ["export", "--format", "csv", "--out", demo.path("roundtrip.csv")])
        let dry = try demo.json("ecpat-be", ["import", demo.path("roundtrip.csv"), "--dry-run"]) as? [String: Any]
        #expect(dry?["created"] as? Int == 0 && dry?["unchanged"] as? Int == 1 && dry?["dry_run"] as? Bool == true)
        let imported = try demo.run("ecpat-be", ["import", demo.path("roundtrip.csv")]).standardOutput
        #expect(imported.contains("0 created, 0 updated, 1 unchanged"))
        let listed = try demo.json("ecpat-be", ["record", "list"]) as? [[String: Any]]
        #expect(listed?.count == 1)
    }

    /// 05-excel-fr-semicolon.csv imports; 06-cp1252.csv is refused with its line and the fix, exit 1.
    @Test func spreadsheetFilesImportOrAreRefusedWithTheFix() throws {
        let demo = try DemoCopy()
        try Data("type;title.fr;themes;countries\npractice;Atelier de repérage;training;BE\n".utf8).write(
            to: URL(fileURLWithPath: demo.path("05.csv")))
        let imported = try demo.run("ecpat-be", ["import", demo.path("05.csv")]).standardOutput
        #expect(imported.contains("Imported 1 records"))
        let cp1252 = Array("type,title.fr\r\npractice,rep".utf8) + [0xE9] + Array("rage\r\n".utf8)
        try Data(cp1252).write(to: URL(fileURLWithPath: demo.path("06.csv")))
        let refused = try demo.run("ecpat-be", ["import", demo.path("06.csv")], expectFailure: true)
        #expect(refused.standardError.contains("line 2") && refused.standardError.contains("CSV UTF-8"), "\(refused.standardError)")
        try Data("nom,titre\nfiche,Atelier\n".utf8).write(to: URL(fileURLWithPath: demo.path("fr.csv")))
        let unknown = try demo.run("ecpat-be", ["import", demo.path("fr.csv")], expectFailure: true)
        #expect(unknown.standardError.contains("no column of the header is known"), "\(unknown.standardError)")
    }
}
