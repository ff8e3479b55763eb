import Foundation
import MosaicCore
import MosaicStore
import Testing

/// Found by the simulator: a node that knows of a revocation pulls from a peer that does not yet
/// and still offers the revoked member's later commits. The node refuses those commits and takes
/// the rest; the pull succeeds (before, it failed as "brings nothing new", as if the peer lied).
@Suite struct RevokedRelayPullTests {
    let coordinator = MemberID("node-coord")!, relay = MemberID("node-relay")!, revoked = MemberID("node-gone")!

    func edit(_ node: LiveNode, _ nonce: String) async throws {
        try await node.catalogue.commit([
            .create(
                type: .practice, nonce: nonce, assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("fr")!), "Titre")],
                isPrivate: false)
        ])
    }

    @Test func aPeerUnawareOfARevocationIsPulledWithoutFailing() async throws {
        // setup
        let seed = LiveNode.directory([coordinator, relay, revoked], coordinators: [coordinator])
        let coordNode = try await LiveNode.start(coordinator, directory: seed)
        let relayNode = try await LiveNode.start(relay, directory: seed)
        let goneNode = try await LiveNode.start(revoked, directory: seed)
        defer { Task { for node in [coordNode, relayNode, goneNode] { await node.stop() } } }
        try await edit(goneNode, "gone-nonce-1")
        #expect(await coordNode.pull(from: goneNode).failure == nil)
        try await edit(goneNode, "gone-nonce-2")
        #expect(await relayNode.pull(from: goneNode).failure == nil)
        try await edit(relayNode, "relay-nonce-1")
        try await coordNode.catalogue.commitDirectory([.revoke(member: revoked, after: 1)])

        // MUT: the relay still offers gone#2, which the coordinator refuses.
        let outcome = await coordNode.pull(from: relayNode)

        // validate
        #expect(outcome.failure == nil, "\(outcome.failure.map(\.description) ?? "")")
        let vector = try await coordNode.catalogue.vector()
        #expect(vector[relay] == 1)
        #expect(vector[revoked] == 1)
    }
}
