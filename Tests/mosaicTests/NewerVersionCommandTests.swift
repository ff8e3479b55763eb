import Foundation
import MosaicConfig
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// `mosaic record show` and `mosaic status` beside nodes of a newer version (issue 16 point 3): a
/// commit of protocol 1.1 that travels in a bundle is kept, its record says it needs a newer Mosaic,
/// and the digest does not change until the node understands it.
@Suite struct NewerVersionCommandTests {
    @Test func recordShowSaysARecordNeedsANewerMosaic() async throws {
        // setup: ecpat-fr writes a record, then (as a node of protocol 1.1 would) tags it.
        let demo = try DemoCopy()
        let id = try demo.run("ecpat-fr", ["record", "add", "--type", "practice", "--set", "title.fr=Versions mêlées"])
            .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        let record = try #require(RecordID(id))
        let setup = try NodeConfigLoader.load(path: demo.config("ecpat-fr")).get()
        do {
            let catalogue = try setup.openCatalogue()
            let operation = try UnknownOperation(
                json: .object(["op": .string("tag"), "record": .string(id), "theme": .string("youth")]))
            let commit = Commit(
                origin: setup.config.member, stream: .public, seq: try await catalogue.vector()[setup.config.member] + 1,
                hlc: HybridTimestamp(wallMillis: NodeCatalogue.systemMillis() + 1000, counter: 0), operations: [.unknown(operation)],
                minor: 1)
            try await catalogue.apply([SignedCommit(signing: commit, with: setup.signingKey)], relay: nil)
        }
        try demo.run("ecpat-fr", ["bundle", "create", "--out", demo.path("fr.bundle")])

        // MUT: another node of this build applies the bundle.
        try demo.run("secretariat", ["bundle", "apply", demo.path("fr.bundle")])

        // validate: both say so, in words and in JSON; the bytes were kept (same digest on both).
        for member in ["ecpat-fr", "secretariat"] {
            let shown = try demo.run(member, ["record", "show", record.rawValue]).standardOutput
            #expect(shown.contains("Note: this record needs a newer Mosaic: 1 change (tag) of protocol 1.1 are not shown"), "\(member)")
            let json = try #require(try demo.json(member, ["record", "show", record.rawValue]) as? [String: Any])
            #expect((json["needs_newer_mosaic"] as? String)?.contains("needs a newer Mosaic") == true, "\(member)")
        }
        let digest = { (member: String) throws -> String in
            (try demo.json(member, ["status"]) as? [String: Any])?["digest"] as? String ?? ""
        }
        #expect(try digest("secretariat") == digest("ecpat-fr"))
    }

    @Test func statusShowsEachPeersLastSeenVersions() async throws {
        // setup: ecpat-fr has seen secretariat announce protocol 1.1 and Mosaic 0.2.0.
        let demo = try DemoCopy()
        let setup = try NodeConfigLoader.load(path: demo.config("ecpat-fr")).get()
        try await setup.openCatalogue().recordPeerVersion(of: MemberID("secretariat")!, protocolVersion: "1.1", software: "0.2.0")

        // MUT
        let text = try demo.run("ecpat-fr", ["status"]).standardOutput
        let json = try #require(try demo.json("ecpat-fr", ["status"]) as? [String: Any])

        // validate
        let line = try #require(text.split(separator: "\n").first { $0.contains("secretariat") })
        #expect(line.contains("Mosaic 0.2.0 (protocol 1.1)"))
        let peer = try #require((json["peers"] as? [[String: Any]])?.first { $0["member"] as? String == "secretariat" })
        #expect(peer["protocol_version"] as? String == "1.1" && peer["software_version"] as? String == "0.2.0")
    }
}
