import Foundation
import Testing

/// `mosaic members publish | list | revoke` and `mosaic keys rotate`, run as a user would on demo
/// nodes: the first publish carries the seed, a new file is published as an addition, a revocation
/// and a rotation are signed, and a node whose key was rotated refuses to sign with the old one.
@Suite struct MembersCommandTests {
    @Test func publishListRevokeAndRotate() throws {
        let demo = try DemoCopy()
        // The first publish carries every seed entry (the directory's genesis).
        let first = try #require(try demo.json("secretariat", ["members", "publish", "--yes"]) as? [String: Any])
        let changes = try #require(first["changes"] as? [[String: Any]])
        #expect(changes.count == 10 && changes.allSatisfy { $0["kind"] as? String == "first_publication" })
        #expect(first["commit"] as? String == "secretariat#1")
        let again = try #require(try demo.json("secretariat", ["members", "publish", "--yes"]) as? [String: Any])
        #expect((again["changes"] as? [Any])?.isEmpty == true && again["commit"] is NSNull)

        // A new member's file (on the coordinator's node Members/ is also the seed): published as an entry no commit carries yet.
        let key = try #require(
            try demo.json("secretariat", ["keys", "generate", "--out", demo.path("new.key"), "--member", "new-member-at"]) as? [String: Any]
        )
        let file = """
            id: new-member-at
            name: New Member
            country: AT
            languages: [de]
            public_key: \(try #require(key["public_key"] as? String))
            role: member
            """
        try file.write(toFile: demo.path("Members/new-member-at.yaml"), atomically: true, encoding: .utf8)
        let asked = try demo.run("secretariat", ["members", "publish", "--json"], expectFailure: true)
        #expect(asked.standardError.contains("--json needs --yes"))
        let added = try #require(try demo.json("secretariat", ["members", "publish", "--yes"]) as? [String: Any])
        #expect((added["changes"] as? [[String: Any]])?.map { $0["member"] as? String } == ["new-member-at"])

        let list = try #require(try demo.json("secretariat", ["members", "list"]) as? [String: Any])
        let status = try #require(try demo.json("secretariat", ["status"]) as? [String: Any])
        #expect(list["digest"] as? String == status["directory_digest"] as? String)
        let members = try #require(list["members"] as? [[String: Any]])
        #expect(members.first { $0["id"] as? String == "new-member-at" }?["signed_by"] as? String == "secretariat:2:0")

        // Only a coordinator revokes; the secretariat does.
        let refused = try demo.run("ecpat-be", ["members", "revoke", "ecpat-nl", "--yes"], expectFailure: true)
        #expect(refused.standardError.contains("only a coordinator's node revokes members"), "\(refused.standardError)")
        // The last coordinator cannot be revoked: no one could change the directory again.
        let last = try demo.run("secretariat", ["members", "revoke", "secretariat", "--yes"], expectFailure: true)
        #expect(last.standardError.contains("the network's last coordinator"), "\(last.standardError)")
        let revoked = try #require(try demo.json("secretariat", ["members", "revoke", "new-member-at", "--yes"]) as? [String: Any])
        #expect(revoked["after"] as? Int == 0 && revoked["commit"] as? String == "secretariat#3")
        let afterRevocation = try #require(try demo.json("secretariat", ["members", "list"]) as? [String: Any])
        let former = try #require((afterRevocation["members"] as? [[String: Any]])?.first { $0["id"] as? String == "new-member-at" })
        #expect(former["former_member"] as? Bool == true && former["revoked_by"] as? String == "secretariat")
        #expect((former["revoked_at"] as? String)?.hasSuffix("Z") == true)

        // A member rotates its key; its node then refuses to sign with the old key.
        let rotated = try #require(
            try demo.json("ecpat-be", ["keys", "rotate", "--out", "ecpat-be-next.key"]) as? [String: Any])
        #expect(rotated["commit"] as? String == "ecpat-be#1" && rotated["from_seq"] as? Int == 2)
        // A relative --out is given back whole: key_file is read from the configuration's folder, not from here.
        let keyFile = try #require(rotated["key_file"] as? String)
        #expect(
            keyFile.hasPrefix("/")
                && URL(fileURLWithPath: keyFile).resolvingSymlinksInPath().path
                    == URL(fileURLWithPath: demo.path("ecpat-be-next.key")).resolvingSymlinksInPath().path
        )
        #expect(FileManager.default.fileExists(atPath: demo.path("ecpat-be-next.key")))
        let rotatedList = try #require(try demo.json("ecpat-be", ["members", "list"]) as? [String: Any])
        let keys = try #require(
            (rotatedList["members"] as? [[String: Any]])?.first { $0["id"] as? String == "ecpat-be" }?["keys"] as? [[String: Any]])
        #expect(keys.map { $0["until"] as? Int } == [1, nil] && keys.map { $0["from"] as? Int } == [1, 2])
        #expect((keys.first?["stopped_at"] as? String)?.hasSuffix("Z") == true && keys.last?["stopped_at"] is NSNull)
        let old = try demo.run("ecpat-be", ["record", "add", "--type", "practice", "--set", "title.fr=Refusée"], expectFailure: true)
        #expect(old.standardError.contains("old key of 'ecpat-be'"), "\(old.standardError)")
    }

    @Test func publishIsRefusedAtOnceOffACoordinatorsNodeAndShowsTheSeedApartAndOldValues() throws {
        let demo = try DemoCopy()
        // A member's node: refused before any diff is shown or any question asked.
        let refused = try demo.run("ecpat-be", ["members", "publish"], expectFailure: true)
        #expect(refused.standardError.contains("only a coordinator's node publishes the member directory"), "\(refused.standardError)")
        #expect(!refused.standardOutput.contains("[y/N]") && !refused.standardOutput.contains("ecpat-nl"))

        // The first publish: the seed is signed once, listed on one line and not as additions.
        let first = try demo.run("secretariat", ["members", "publish", "--yes"])
        #expect(first.standardOutput.contains("10 member(s) of the directory this node started from"), "\(first.standardOutput)")
        #expect(!first.standardOutput.contains("+ ") && !first.standardOutput.contains(" add "))

        // A move: the endpoint's old and new values, on the terminal and in JSON.
        let file = demo.path("Members/ecpat-nl.yaml")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "endpoint: http://127.0.0.1:8405", with: "endpoint: https://nl.example.org/mosaic/")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let moved = try demo.run("secretariat", ["members", "publish", "--yes"])
        #expect(moved.standardOutput.contains("~ ecpat-nl  endpoint: http://127.0.0.1:8405"), "\(moved.standardOutput)")
        #expect(moved.standardOutput.contains("→ https://nl.example.org/mosaic/"))
        try text.replacingOccurrences(of: "name: Defence for Children - ECPAT Nederland", with: "name: ECPAT Nederland")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let renamed = try #require(try demo.json("secretariat", ["members", "publish", "--yes"]) as? [String: Any])
        let change = try #require((renamed["changes"] as? [[String: Any]])?.first)
        let values = try #require(change["values"] as? [String: [String: Any]])
        #expect(values["name"]?["from"] as? String == "\"Defence for Children - ECPAT Nederland\"")
        #expect(values["name"]?["to"] as? String == "\"ECPAT Nederland\"")
        #expect((values["endpoint"]?["from"] as? String)?.hasPrefix("https://nl.example.org") == true)

        // A revocation point beyond what this node holds is allowed (others may hold more) but said.
        let beyond = try demo.run("secretariat", ["members", "revoke", "ecpat-nl", "--after", "99", "--yes"])
        #expect(
            beyond.standardOutput.contains("note: this node holds ecpat-nl's commits up to #0; its commits #1 to #99"),
            "\(beyond.standardOutput)")
        #expect(beyond.standardOutput.contains("Revoked ecpat-nl after its commit #99"))

        let help = try MosaicProcess.run(["members", "publish", "--help"])
        #expect(help.status == 0 && help.standardOutput.contains("--json") && help.standardOutput.contains("--yes"))
    }
}
