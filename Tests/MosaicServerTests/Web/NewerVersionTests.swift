import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicCore
import MosaicServer
import MosaicStore
import Testing

/// What a node shows of versions (issue 16 point 3): a record holding an operation of a newer
/// protocol version says it needs a newer Mosaic (API and record page), peer health shows each
/// peer's last seen versions, and every sync answer carries this node's.
@Suite struct NewerVersionTests {
    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    /// Gamma's next commit, of protocol 1.1: a `tag` operation on `record` that this build does not know.
    func taggingCommit(on record: RecordID, after catalogue: NodeCatalogue) async throws -> SignedCommit {
        let gamma = WebFixture.gamma
        let operation = try UnknownOperation(
            json: .object(["op": .string("tag"), "record": .string(record.rawValue), "theme": .string("youth")]))
        let commit = Commit(
            origin: gamma, stream: .public, seq: try await catalogue.vector()[gamma] + 1,
            hlc: HybridTimestamp(wallMillis: NodeCatalogue.systemMillis(), counter: 0), operations: [.unknown(operation)], minor: 1)
        return SignedCommit(signing: commit, with: DemoKeys.signingKey(for: gamma))
    }

    @Test func aRecordWithANewerOperationSaysSoAndPeersShowTheirVersions() async throws {
        // setup: the node pulls gamma's 1.1 commit and has seen coord's versions.
        let fixture = try await WebFixture.make(anonymousRead: true) { $0.peers = [WebFixture.coord] }
        let before = try await fixture.catalogue.digest()
        try await fixture.catalogue.apply([try await taggingCommit(on: fixture.plain, after: fixture.catalogue)], relay: WebFixture.gamma)
        try await fixture.catalogue.recordPeerVersion(of: WebFixture.coord, protocolVersion: "1.1", software: "0.2.0")
        #expect(try await fixture.catalogue.digest() == before)

        try await fixture.test { client async throws in
            // MUT + validate: the API field, on the marked record only.
            let marked = try json(try await client.execute(uri: "/api/v1/records/\(fixture.plain.rawValue)", method: .get))
            let note = try #require(marked["needs_newer_mosaic"] as? String)
            #expect(note.contains("needs a newer Mosaic") && note.contains("tag") && note.contains("protocol 1.1"))
            let other = try json(try await client.execute(uri: "/api/v1/records/\(fixture.contested.rawValue)", method: .get))
            #expect(other["needs_newer_mosaic"] is NSNull)
            // The record page's marker.
            let page = String(buffer: try await client.execute(uri: "/records/\(fixture.plain.rawValue)", method: .get).body)
            #expect(page.contains(#"<p class="warning" id="needs-newer-mosaic">needs a newer Mosaic"#))
            let otherPage = String(buffer: try await client.execute(uri: "/records/\(fixture.contested.rawValue)", method: .get).body)
            #expect(!otherPage.contains("needs-newer-mosaic"))
            // Peer health: API and members page.
            let peers = try json(try await client.execute(uri: "/api/v1/peers", method: .get))
            let coord = try #require((peers["items"] as? [[String: Any]])?.first)
            #expect(coord["protocol_version"] as? String == "1.1" && coord["software_version"] as? String == "0.2.0")
            let members = String(buffer: try await client.execute(uri: "/members", method: .get).body)
            #expect(members.contains("Mosaic 0.2.0, protocol 1.1"))
            // Every sync answer, a refusal included, carries this node's versions.
            let refused = try await client.execute(uri: "/sync/v1/vector", method: .get)
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[HTTPField.Name("Mosaic-Protocol")!] == ProtocolVersion.current.description)
            #expect(refused.headers[HTTPField.Name("Mosaic-Software")!] == MosaicVersion.current)
        }
    }
}
