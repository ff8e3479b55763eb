import Foundation
import Testing

/// `mosaic init` and `mosaic members add`, run as a new member and the coordinator would: init
/// writes a key (0600), a configuration that loads, the seed and a signed join request; a
/// tampered, malformed or misplaced request is refused and writes nothing; a good one is written
/// into Members/ and published.
@Suite struct JoinCommandTests {
    static func initArguments(_ demo: DemoCopy, out: String, country: String = "AT") -> [String] {
        [
            "init", "--member", "ecpat-at", "--name", "ECPAT Österreich: \"Kinderrechte\" # 1", "--country", country, "--endpoint",
            "https://ecpat.example.at/mosaic/", "--languages", "de,en", "--members", demo.path("Members"), "--out", demo.path(out),
        ]
    }

    @Test func initWritesANodeThatLoadsAndASignedJoinRequest() throws {
        let demo = try DemoCopy()
        // MUT
        let outcome = try MosaicProcess.run(Self.initArguments(demo, out: "new") + ["--json"], in: demo.root)
        // validate
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(report["coordinators"] as? [String] == ["secretariat"])
        let keyFile = try #require(report["key_file"] as? String)
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let check = try MosaicProcess.run(["config", "check", "--config", demo.path("new/Config/node.yaml")], in: demo.root)
        #expect(check.status == 0, "\(check.standardError)")
        #expect(FileManager.default.fileExists(atPath: demo.path("new/Members/secretariat.yaml")))
        #expect(FileManager.default.fileExists(atPath: demo.path("new/data")))
        let request = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: demo.path("new/ecpat-at.join.json"))))
                as? [String: Any])
        let entry = try #require(request["entry"] as? [String: Any])
        #expect(
            entry["name"] as? String == "ECPAT Österreich: \"Kinderrechte\" # 1"
                && entry["key"] as? String == report["public_key"] as? String)
        #expect(entry["languages"] as? [String] == ["de", "en"] && entry["role"] as? String == "member")
        #expect(request["format"] as? String == "mosaic-join-request-1" && (request["signature"] as? String)?.count == 88)

        // Bad input changes nothing: a lower-case country, an existing folder.
        let bad = try MosaicProcess.run(Self.initArguments(demo, out: "other", country: "at"), in: demo.root)
        #expect(bad.status != 0 && bad.standardError.contains("--country 'at'"))
        #expect(!FileManager.default.fileExists(atPath: demo.path("other")))
        let again = try MosaicProcess.run(Self.initArguments(demo, out: "new"), in: demo.root)
        #expect(again.status != 0 && again.standardError.contains("exists and is not empty"))
    }

    @Test func membersAddRefusesATamperedRequestAndPublishesAGoodOne() throws {
        let demo = try DemoCopy()
        #expect(try MosaicProcess.run(Self.initArguments(demo, out: "new"), in: demo.root).status == 0)
        let good = try String(contentsOfFile: demo.path("new/ecpat-at.join.json"), encoding: .utf8)
        let tampered = good.replacingOccurrences(of: "https://ecpat.example.at/mosaic/", with: "https://attacker.example/mosaic/")
        #expect(tampered != good)
        try tampered.write(toFile: demo.path("tampered.json"), atomically: true, encoding: .utf8)
        try "{\"entry\": ".write(toFile: demo.path("malformed.json"), atomically: true, encoding: .utf8)
        let added = demo.path("Members/ecpat-at.yaml")

        // MUT + validate: refused, nothing written.
        let refused = try demo.run("secretariat", ["members", "add", demo.path("tampered.json")], expectFailure: true)
        #expect(refused.standardError.contains("signature does not match the entry"), "\(refused.standardError)")
        let malformed = try demo.run("secretariat", ["members", "add", demo.path("malformed.json")], expectFailure: true)
        #expect(malformed.standardError.contains("is not JSON"), "\(malformed.standardError)")
        let notCoordinator = try demo.run("ecpat-be", ["members", "add", demo.path("new/ecpat-at.join.json")], expectFailure: true)
        #expect(notCoordinator.standardError.contains("is not a coordinator"), "\(notCoordinator.standardError)")
        let unasked = try demo.run(
            "secretariat", ["members", "add", demo.path("new/ecpat-at.join.json"), "--publish", "--json"], expectFailure: true)
        #expect(unasked.standardError.contains("needs --yes"), "\(unasked.standardError)")
        #expect(!FileManager.default.fileExists(atPath: added))

        let report = try #require(
            try demo.json("secretariat", ["members", "add", demo.path("new/ecpat-at.join.json"), "--publish", "--yes"]) as? [String: Any])
        #expect(report["added"] as? String == "ecpat-at")
        let published = try #require(report["published"] as? [String: Any])
        #expect((published["changes"] as? [[String: Any]])?.contains { $0["member"] as? String == "ecpat-at" } == true)
        #expect(FileManager.default.fileExists(atPath: added))
        let list = try #require(try demo.json("secretariat", ["members", "list"]) as? [String: Any])
        let entry = try #require((list["members"] as? [[String: Any]])?.first { $0["id"] as? String == "ecpat-at" })
        #expect(entry["name"] as? String == "ECPAT Österreich: \"Kinderrechte\" # 1")
        #expect(entry["endpoint"] as? String == "https://ecpat.example.at/mosaic/")
        #expect((entry["signed_by"] as? String)?.hasPrefix("secretariat:") == true)
        // Adding it twice is refused.
        let twice = try demo.run("secretariat", ["members", "add", demo.path("new/ecpat-at.join.json")], expectFailure: true)
        #expect(twice.standardError.contains("already a member"), "\(twice.standardError)")
    }

    @Test func aMemberAddedButNotYetPublishedIsReportedAsSuchThenPublishedAsAnAddition() throws {
        let demo = try DemoCopy()
        #expect(try MosaicProcess.run(Self.initArguments(demo, out: "new"), in: demo.root).status == 0)
        let request = demo.path("new/ecpat-at.join.json")
        try demo.run("secretariat", ["members", "add", request])

        // MUT: taken again before publishing.
        let again = try demo.run("secretariat", ["members", "add", request])
        let againJSON = try #require(try demo.json("secretariat", ["members", "add", request]) as? [String: Any])

        // validate: not "already a member", but waiting; the publish lists it as an addition, the seed apart.
        #expect(again.standardOutput.contains("'ecpat-at' was added, not yet published: run `mosaic members publish`"))
        #expect(againJSON["already_added"] as? Bool == true && againJSON["published"] is NSNull)
        let published = try #require(try demo.json("secretariat", ["members", "publish", "--yes"]) as? [String: Any])
        let changes = try #require(published["changes"] as? [[String: Any]])
        #expect(changes.filter { $0["kind"] as? String == "add" }.map { $0["member"] as? String } == ["ecpat-at"])
        #expect(changes.filter { $0["kind"] as? String == "first_publication" }.count == 10)
        let twice = try demo.run("secretariat", ["members", "add", request], expectFailure: true)
        #expect(twice.standardError.contains("already a member"), "\(twice.standardError)")
    }

    @Test func bothCommandsHaveHelp() throws {
        let initHelp = try MosaicProcess.run(["init", "--help"])
        #expect(initHelp.status == 0 && initHelp.standardOutput.contains("join request") && initHelp.standardOutput.contains("--json"))
        // `--lang` is taken for `--languages` (it used to be answered "did you mean '--name'").
        #expect(initHelp.standardOutput.contains("--languages, --lang"), "\(initHelp.standardOutput)")
        let addHelp = try MosaicProcess.run(["members", "add", "--help"])
        #expect(addHelp.status == 0 && addHelp.standardOutput.contains("possession") && addHelp.standardOutput.contains("--json"))
    }
}
