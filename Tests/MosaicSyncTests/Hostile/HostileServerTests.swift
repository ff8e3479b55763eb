import Foundation
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// Hostile peers that a live node pulls from (a fake peer on 127.0.0.1 answering raw HTTP
/// bytes): each page is refused whole, writes nothing (vector, digest, commit log and records
/// unchanged), and is reported in the peer's state (last error and its kind) and in `/metrics`.
@Suite(.serialized) struct HostileServerTests {
    static let answerLimit = 256 << 10

    @Test(arguments: HostilePeers.all)
    func isRejectedWritesNothingAndIsReported(_ hostile: HostilePeerCase) async throws {
        let node = try await LiveNode.start(RelayFixture.puller, directory: RelayFixture.directory)
        let fixture = RelayFixture(now: node.catalogue.nowMillis)
        try await node.catalogue.apply([fixture.signed[0]], relay: nil)
        let before = try await NodeSnapshot.of(node.catalogue)
        let answer = hostile.answer(fixture)
        let peer = try RawHTTPServer { _ in answer }
        let client = PeerClient(
            peer: RelayFixture.relay, endpoint: peer.url, member: RelayFixture.puller, key: DemoKeys.signingKey(for: RelayFixture.puller),
            transport: TestTransport.live, timeout: .seconds(30), maxAnswerBytes: Self.answerLimit, now: { node.catalogue.nowMillis })
        let outcome = await PullSession(catalogue: node.catalogue, client: client, pageSize: 10, metrics: node.metrics).run()
        peer.stop()

        #expect(outcome.failure?.kind == hostile.kind, "\(String(describing: outcome.failure))")
        #expect(outcome.failure?.message.contains(hostile.message) == true, "\(String(describing: outcome.failure))")
        #expect(outcome.commits == 0)
        #expect(try await NodeSnapshot.of(node.catalogue) == before)
        let state = try #require(try await node.catalogue.peerStates().first { $0.peer == RelayFixture.relay })
        #expect(state.lastErrorKind == hostile.kind && state.consecutiveFailures == 1 && state.lastSuccess == nil)
        #expect(state.lastError?.contains(hostile.message) == true, "\(state.lastError ?? "no error recorded")")
        let metrics = try await MetricsScrape.text(of: node)
        #expect(MetricsScrape.value("mosaic_pull_rounds_total{peer=\"relay\",outcome=\"\(hostile.kind)\"}", in: metrics) == 1)
        #expect(MetricsScrape.value("mosaic_peer_consecutive_failures{peer=\"relay\"}", in: metrics) == 1)
        await node.stop()
    }

    @Test func theCasesAreDistinctAndEnough() {
        #expect(Set(HostilePeers.all.map(\.name)).count == HostilePeers.all.count)
        #expect(HostilePeers.all.count >= 30)
    }
}
