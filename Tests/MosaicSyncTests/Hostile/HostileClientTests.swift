import Foundation
import MosaicCore
import Testing

/// Hostile clients against a live node's signed sync endpoints (real HTTP on 127.0.0.1): each
/// scripted request is refused with its status and reason, writes nothing (vector, digest,
/// commit log and records unchanged), and is counted in `/metrics` under its reason.
@Suite(.serialized) struct HostileClientTests {
    static let alpha = MemberID("alpha")!, beta = MemberID("beta")!

    @Test(arguments: HostileRequests.all)
    func isRefusedWritesNothingAndIsCounted(_ hostile: HostileRequestCase) async throws {
        let directory = LiveNode.directory([Self.alpha, Self.beta], coordinators: [])
        let node = try await LiveNode.start(Self.alpha, directory: directory)
        try await node.catalogue.commit([
            .create(
                type: .practice, nonce: "hostile-client-1",
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Held by alpha")], isPrivate: false)
        ])
        let before = try await NodeSnapshot.of(node.catalogue)
        let requests = hostile.requests(RequestForge(now: node.catalogue.nowMillis / 1000))
        let port = try #require(node.url.port)
        for setup in requests.dropLast() {
            let answer = try await RawHTTP.send(setup, port: port)
            #expect(answer.status == 200, "the honest set-up request was refused: \(answer.body)")
        }
        let answer = try await RawHTTP.send(try #require(requests.last), port: port)
        #expect(answer.status == hostile.status, "\(answer.status): \(answer.body)")
        #expect(answer.body.contains(hostile.message), "\(answer.body)")
        #expect(try await NodeSnapshot.of(node.catalogue) == before)
        let metrics = try await MetricsScrape.text(of: node)
        let sample = "mosaic_sync_requests_refused_total{status=\"\(hostile.status)\",reason=\"\(hostile.reason)\"}"
        #expect(MetricsScrape.value(sample, in: metrics) == 1, "\(metrics.split(separator: "\n").filter { $0.contains("refused") })")
        await node.stop()
    }

    @Test func theCasesAreDistinctAndEnough() {
        #expect(Set(HostileRequests.all.map(\.name)).count == HostileRequests.all.count)
        #expect(HostileRequests.all.count >= 30)
    }
}
