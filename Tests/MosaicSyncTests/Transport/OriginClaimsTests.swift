import Foundation
import MosaicConfig
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// Issue 13 point 8: a node catching up from several peers at once downloads each commit once.
@Suite struct OriginClaimsTests {
    /// A source holding 300 commits of `origin` and 200 of `p5`, served identically by p1…p4.
    static func source() async throws -> NodeCatalogue {
        let source = try await PullFixture.origin(commits: 300)
        let other = try await PullFixture.authored(by: PullFixture.peers[4], commits: 200)
        _ = try await source.apply(try await other.commits(after: VersionVector(), limit: 10_000).commits, relay: nil)
        return source
    }

    @Test func catchingUpFromFourPeersDownloadsEachCommitOnce() async throws {
        let source = try await Self.source()
        let lacked = try await PullAnswer.page(from: source, for: PullRequest(vector: VersionVector(), limit: 10_000), maxPageBytes: .max)
        #expect(lacked.commits.count == 500)
        let transport = InMemoryPeerTransport(clock: .continuous, serve: InMemoryPeer.serving(source))
        let peers = Array(PullFixture.peers.prefix(4))
        let setup = ConcurrentPullTests.setup(pulling: peers, pageSize: 50)
        let puller = try PullFixture.catalogue(PullFixture.puller)
        let results = await SyncRound.run(setup.peers, setup: setup, catalogue: puller, transport: transport)

        #expect(results.allSatisfy { $0.1.failure == nil }, "\(results.map { String(describing: $0.1.failure) })")
        #expect(try await puller.vector() == source.vector())
        let received = transport.log.map(\.bytesRead).reduce(0, +)
        #expect(Double(received) <= 1.2 * Double(lacked.bytes.count), "received \(received) bytes for \(lacked.bytes.count)")
        #expect(results.map(\.1.duplicateBytes).reduce(0, +) == 0)
        #expect(results.map(\.1.commits).reduce(0, +) == 500)
        // Four vector reads, then ten pages of 50: no page asked twice.
        #expect(transport.log.filter { $0.method == "POST" }.count == 10)
    }

    @Test func aPeerThatRefusesTheOriginFilterIsAskedForEverything() async throws {
        let source = try await PullFixture.origin(commits: 5)
        let serve = InMemoryPeer.serving(source)
        let transport = InMemoryPeerTransport(clock: .continuous) { request in
            if String(decoding: request.body, as: UTF8.self).contains("\"origins\"") {
                return PeerAnswer(
                    status: 400, headers: [(name: "Content-Type", value: "application/json")],
                    body: Array(#"{"error":"bad-body"}"#.utf8))
            }
            return await serve(request)
        }
        let puller = try PullFixture.catalogue(PullFixture.puller)
        let client = PullFixture.client(of: PullFixture.peers[0], for: puller, transport: transport)
        let outcome = await PullSession(catalogue: puller, client: client, pageSize: 10, claims: OriginClaims()).run()
        #expect(outcome.failure == nil && outcome.commits == 5, "\(String(describing: outcome.failure))")
        #expect(transport.log.map(\.method) == ["GET", "POST", "POST"])
    }

    @Test func pullRequestsWithAndWithoutOriginsRoundTrip() throws {
        let plain = PullRequest(vector: VersionVector([PullFixture.origin: 3]), limit: 10)
        #expect(String(decoding: plain.bytes, as: UTF8.self) == #"{"limit":10,"vector":{"origin":3}}"#)
        #expect(PullRequest(bytes: plain.bytes) == plain)
        let filtered = PullRequest(vector: VersionVector(), limit: 5, origins: [PullFixture.peers[1], PullFixture.origin])
        #expect(String(decoding: filtered.bytes, as: UTF8.self) == #"{"limit":5,"origins":["origin","p2"],"vector":{}}"#)
        #expect(PullRequest(bytes: filtered.bytes) == filtered)
        for bad in [
            #"{"limit":5,"origins":["origin","origin"],"vector":{}}"#, #"{"limit":5,"origins":["Not An Id"],"vector":{}}"#,
            #"{"limit":5,"origins":"origin","vector":{}}"#, #"{"limit":5,"origins":[],"vector":{},"x":1}"#,
        ] {
            #expect(PullRequest(bytes: Array(bad.utf8)) == nil, "\(bad)")
        }
    }
}
