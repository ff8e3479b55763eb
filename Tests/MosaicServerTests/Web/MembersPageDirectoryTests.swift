import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicStore
import Testing

/// The Members page shows the directory's history (issue 15 point 6): each member's current key and
/// its old keys with where they stopped, revoked members as former members with who revoked them
/// and when, and join requests taken but not yet published; what a former member wrote stays,
/// marked as such on the record page and in the API (point 4).
@Suite struct MembersPageDirectoryTests {
    /// The coordinator's node catches up with `node` (its own earlier commits included), signs
    /// `operation` and `node` pulls it.
    static func coordinatorSigns(_ operation: DirectoryOperation, _ coord: NodeCatalogue, for node: NodeCatalogue) async throws {
        _ = try await coord.apply(try await node.commits(after: VersionVector(), limit: 100).commits, relay: node.member)
        try await coord.commitDirectory([operation])
        _ = try await node.apply(try await coord.commits(after: try await node.vector(), limit: 100).commits, relay: coord.member)
    }

    @Test func keysFormerMembersAndWaitingJoinRequestsAreShownInEveryLanguage() async throws {
        // setup: alpha's node (data in a temporary folder for its join-request inbox).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("members-page-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fixture = try await WebFixture.make(anonymousRead: true) {
            $0.databasePath = folder + "/node.sqlite"
            $0.peers = [WebFixture.coord, WebFixture.gamma]
        }
        // gamma's node was unreachable before it was revoked.
        try await fixture.catalogue.recordRound(
            with: WebFixture.gamma, error: (kind: "unreachable", message: "connection refused"), lag: nil)
        let coord = NodeCatalogue(
            store: try CatalogueStore.inMemory(member: WebFixture.coord), member: WebFixture.coord,
            signingKey: DemoKeys.signingKey(for: WebFixture.coord), directory: fixture.setup.directory)
        // alpha rotates its key; the coordinator revokes gamma after its commit #1 (its proposal stays).
        let next = MemberSigningKey()
        let rotation = try await fixture.catalogue.commitDirectory([.rotate(key: next.publicKey)])
        try await Self.coordinatorSigns(.revoke(member: WebFixture.gamma, after: 1), coord, for: fixture.catalogue)
        // A member added on this node (`mosaic members add`) and not yet published.
        let joiner = Member(
            id: MemberID("joiner-at")!, name: "Joiner <Österreich>", country: CountryCode("AT")!, languages: [], endpoint: nil,
            publicKey: DemoKeys.signingKey(for: MemberID("joiner-at")!).publicKey, role: .member)
        try #require(JoinRequestInbox(config: fixture.setup.config)).keep(
            JoinRequest(signing: joiner, with: DemoKeys.signingKey(for: joiner.id)))

        try await fixture.test { client async throws in
            // MUT
            let page = String(buffer: try await client.execute(uri: "/members", method: .get).body)
            let french = String(
                buffer: try await client.execute(uri: "/members", method: .get, headers: [.acceptLanguage: "fr"]).body)
            let record = String(buffer: try await client.execute(uri: "/records/\(fixture.contested.rawValue)", method: .get).body)
            let api = try await client.execute(uri: "/api/v1/records/\(fixture.contested.rawValue)", method: .get)
            let peers = String(buffer: try await client.execute(uri: "/api/v1/peers", method: .get).body)
            let ready = String(buffer: try await client.execute(uri: "/readyz", method: .get).body)

            // validate: alpha's keys, the old one with where it stopped.
            #expect(page.contains(next.publicKey.base64) && page.contains("current key, signs from commit #\(rotation.seq + 1)"))
            #expect(page.contains(DemoKeys.signingKey(for: WebFixture.alpha).publicKey.base64))
            #expect(page.contains("old key: signed commits #1 to #\(rotation.seq), stopped on"))
            // gamma is a former member, revoked by the coordinator, and not among the members.
            let former = try #require(page.range(of: "id=\"former-members\"")).upperBound
            #expect(
                page[former...].contains("<code>gamma</code>") && page[former...].contains("after its commit #1, by Organisation coord"))
            let current = try #require(page.range(of: "id=\"members\"")).upperBound
            #expect(!page[current..<former].contains("<code>gamma</code>"))
            // The join request waits, its name escaped.
            #expect(page.contains("id=\"join-requests\"") && page.contains("Joiner &lt;Österreich&gt;"))
            #expect(french.contains("Anciens membres") && french.contains("Demandes d’adhésion en attente"))
            #expect(french.contains("ancienne clé : a signé les commits n° 1 à \(rotation.seq)"))
            // What gamma wrote stays, shown as from a former member.
            #expect(record.contains("Organisation gamma (former member)"))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: api.body)) as? [String: Any])
            let history = try #require(json["history"] as? [[String: Any]])
            #expect(history.contains { $0["by"] as? String == "gamma" && $0["former_member"] as? Bool == true })
            #expect(history.contains { $0["by"] as? String == "alpha" && $0["former_member"] as? Bool == false })
            #expect(json["owner_former_member"] as? Bool == false)
            // A revoked member is no peer: not listed to pull from, not reported as failing.
            #expect(peers.contains("\"coord\"") && !peers.contains("\"gamma\""))
            #expect(ready.contains("\"coord\"") && !ready.contains("\"gamma\""))
            #expect(!page[..<current].contains("Organisation gamma"), "no peer row for gamma")
        }
    }

    @Test func aPublishedJoinRequestNoLongerWaitsAndAnEmptyDirectoryHistoryShowsNoSections() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("members-page-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fixture = try await WebFixture.make(anonymousRead: true) { $0.databasePath = folder + "/node.sqlite" }
        // gamma's request was taken, and gamma's entry is carried by a directory commit.
        let gamma = try #require(fixture.setup.directory[WebFixture.gamma])
        try #require(JoinRequestInbox(config: fixture.setup.config)).keep(
            JoinRequest(signing: gamma, with: DemoKeys.signingKey(for: WebFixture.gamma)))
        let coord = NodeCatalogue(
            store: try CatalogueStore.inMemory(member: WebFixture.coord), member: WebFixture.coord,
            signingKey: DemoKeys.signingKey(for: WebFixture.coord), directory: fixture.setup.directory)
        try await Self.coordinatorSigns(.member(gamma), coord, for: fixture.catalogue)

        try await fixture.test { client async throws in
            let page = String(buffer: try await client.execute(uri: "/members", method: .get).body)
            #expect(!page.contains("id=\"join-requests\"") && !page.contains("id=\"former-members\""))
            #expect(page.contains("current key, signs from commit #1"))
        }
    }
}
