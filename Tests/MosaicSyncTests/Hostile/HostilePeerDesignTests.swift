import Foundation
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// Hostile pulls whose answer is set by the design rather than a refusal: a signed delete by a
/// member without the right is kept as a proposal only, and commits of an origin the directory
/// does not know are held back without blocking the other origins.
@Suite struct HostilePeerDesignTests {
    @Test func aDeleteByAMemberWithoutTheRightIsOnlyAProposal() async throws {
        let node = try await LiveNode.start(RelayFixture.puller, directory: RelayFixture.directory)
        let fixture = RelayFixture(now: node.catalogue.nowMillis)
        try await node.catalogue.apply([fixture.signed[0]], relay: nil)
        let delete = fixture.sign(
            fixture.commit(
                origin: RelayFixture.relay, seq: 1,
                [.delete(record: fixture.record, seen: [fixture.commits[0].writeID(0), fixture.commits[0].writeID(1)])]))
        let answer = RelayFixture.answer([delete], vector: #"{"honest":1,"relay":1}"#)
        let peer = try RawHTTPServer { _ in answer }
        let client = PeerClient(
            peer: RelayFixture.relay, endpoint: peer.url, member: RelayFixture.puller, key: DemoKeys.signingKey(for: RelayFixture.puller),
            transport: TestTransport.live, timeout: .seconds(5), now: { node.catalogue.nowMillis })
        let outcome = await PullSession(catalogue: node.catalogue, client: client, pageSize: 10, metrics: node.metrics).run()
        peer.stop()
        #expect(outcome.failure == nil && outcome.commits == 1)
        let view = try #require(try await node.catalogue.record(fixture.record))
        #expect(view.state == .alive && view.openDeletes.isEmpty)
        #expect(view.value(RegisterKey(field: "title", lang: LanguageTag("en")!)) == "Baseline")
        #expect(view.proposals.count == 1 && view.proposals.first?.id.origin == RelayFixture.relay)
        await node.stop()
    }

    /// Regression: a page made only of an unknown origin's commits (sorted first by the peer)
    /// was asked for again and again, forever; now the round asks past them, applies the others
    /// and reports the held-back commits.
    @Test func anUnknownOriginNeitherBlocksNorLoops() async throws {
        let aardvark = MemberID("aardvark")!, honest = RelayFixture.honest
        let source = try await LiveNode.start(
            RelayFixture.other,
            directory: LiveNode.directory([aardvark, honest, RelayFixture.other, RelayFixture.puller], coordinators: []))
        let node = try await LiveNode.start(RelayFixture.puller, directory: RelayFixture.directory)
        let fixture = RelayFixture(now: node.catalogue.nowMillis)
        var unknown: [SignedCommit] = []
        for seq in Int64(1)...10 {
            let id = RecordID.derive(origin: aardvark, nonce: "aardvark-nonce-\(seq)")
            unknown.append(
                fixture.sign(
                    fixture.commit(
                        origin: aardvark, seq: seq, wall: fixture.now - 100_000 + seq,
                        [.create(record: id, type: .practice, nonce: "aardvark-nonce-\(seq)")])))
        }
        try await source.catalogue.apply(unknown + fixture.signed, relay: nil)

        let outcome = await node.pull(from: source)
        #expect(outcome.failure?.kind == "held-back")
        #expect(outcome.failure?.message.contains("from 'aardvark'") == true, "\(String(describing: outcome.failure))")
        #expect(outcome.commits == 3)
        #expect(try await node.catalogue.vector() == VersionVector([honest: 3]))
        let state = try #require(try await node.catalogue.peerStates().first)
        #expect(state.lastErrorKind == "held-back")
        await node.stop()
        await source.stop()
    }
}
