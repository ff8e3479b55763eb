import Foundation
import MosaicConfig
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// Every mode of `bad_peer.py` and every row of issue 13's table, over the in-memory transport on
/// an injected clock: each asserts its bound (bytes read, requests sent, time on the clock) and
/// that the puller's catalogue is unchanged.
@Suite struct FaultyPeerTests {
    static let cap = AnswerCap.pullBytes(pageBytes: SyncSettings().pageBytes, pageSize: 10)

    /// One pull round from a peer that answers with `fault`, on `clock`.
    func round(
        _ fault: PeerFault?, clock: ManualClock = ManualClock(autoAdvance: true), origin: NodeCatalogue? = nil,
        bounds: RoundBounds = RoundBounds(),
        pageSize: Int = 10
    ) async throws -> (PullSession.Outcome, InMemoryPeerTransport, NodeCatalogue) {
        var source = origin
        if source == nil { source = try await PullFixture.origin(commits: 3) }
        let served = source!
        let puller = try PullFixture.catalogue(PullFixture.puller)
        let transport = InMemoryPeerTransport(clock: SyncClock(clock), fault: { _, _ in fault }, serve: InMemoryPeer.serving(served))
        let client = PullFixture.client(of: PullFixture.peers[0], for: puller, transport: transport)
        let outcome = await PullSession(catalogue: puller, client: client, pageSize: pageSize, bounds: bounds, clock: SyncClock(clock))
            .run()
        return (outcome, transport, puller)
    }

    @Test func anHonestPeerIsPulledInOneRequestWithThePathPrefixKept() async throws {
        let (outcome, transport, puller) = try await round(nil)
        #expect(outcome.failure == nil && outcome.commits == 3 && outcome.pages == 1)
        #expect(transport.log.map(\.url.absoluteString) == ["http://p1.test/mosaic/sync/v1/pull"])
        #expect(try await puller.vector()[PullFixture.origin] == 3)
    }

    @Test func endlessStopsAtTheCap() async throws {
        let (outcome, transport, puller) = try await round(.endless(chunk: 1 << 20, contentType: "application/json", declaredLength: nil))
        #expect(outcome.failure?.kind == "too-large", "\(String(describing: outcome.failure))")
        // It names the whole URL asked, and what the operator can do.
        #expect(
            outcome.failure?.message.hasPrefix("http://p1.test/mosaic/sync/v1/pull: the answer is beyond the limit of \(Self.cap) bytes")
                == true)
        #expect(outcome.failure?.message.contains("sync.page_bytes, give every node the same value") == true)
        #expect(transport.log.count == 1)
        #expect(transport.log[0].bytesRead <= Self.cap + (1 << 20))
        #expect(try await puller.vector() == VersionVector())
    }

    @Test func anEndlessVectorAnswerStopsAtItsSmallCapAndSaysToCheckTheEndpoint() async throws {
        let served = try await PullFixture.origin(commits: 3)
        let puller = try PullFixture.catalogue(PullFixture.puller)
        let transport = InMemoryPeerTransport(
            clock: SyncClock(ManualClock(autoAdvance: true)),
            fault: { _, _ in .endless(chunk: 64 << 10, contentType: "application/json", declaredLength: nil) },
            serve: InMemoryPeer.serving(served))
        let client = PullFixture.client(of: PullFixture.peers[0], for: puller, transport: transport)
        await #expect {
            _ = try await client.vector()
        } throws: { error in
            let message = (error as? PeerClient.Failure)?.message ?? ""
            return message.hasPrefix(
                "http://p1.test/mosaic/sync/v1/vector: the answer is beyond the limit of \(AnswerCap.vectorBytes) bytes")
                && message.contains("check the member's endpoint")
        }
        #expect(transport.log.count == 1 && transport.log[0].bytesRead <= AnswerCap.vectorBytes + (64 << 10))
    }

    /// A gzip bomb reaches the reader decoded: an endless body as far as the cap is concerned (the
    /// ratio bound is the live transport's, tested in `LiveTransportTests`).
    @Test func aDecodedBombStopsAtTheCapCountedAfterDecoding() async throws {
        let (outcome, transport, _) = try await round(.endless(chunk: 64 << 10, contentType: "application/json", declaredLength: nil))
        #expect(outcome.failure?.kind == "too-large")
        #expect(transport.log[0].bytesRead > Self.cap - (64 << 10) && transport.log[0].bytesRead <= Self.cap + (64 << 10))
    }

    @Test func hugeIsRefusedBeforeItsBodyIsRead() async throws {
        let (outcome, transport, _) = try await round(.endless(chunk: 1 << 20, contentType: "application/json", declaredLength: 300 << 20))
        #expect(outcome.failure?.kind == "too-large")
        #expect(outcome.failure?.message.contains("Content-Length: \(300 << 20)") == true)
        #expect(transport.log.map(\.bytesRead) == [0])
    }

    @Test func trickleFailsAtTheRequestDeadline() async throws {
        let clock = ManualClock(autoAdvance: true)
        let (outcome, transport, _) = try await round(.trickle(every: .milliseconds(500), length: 100_000), clock: clock)
        #expect(outcome.failure?.kind == "timeout", "\(String(describing: outcome.failure))")
        #expect(clock.now.offset == .seconds(30))
        #expect(transport.log.map(\.bytesRead) == [60])
    }

    @Test func aPeerThatNeverAnswersFailsAtTheDeadline() async throws {
        let clock = ManualClock(autoAdvance: true)
        let (outcome, transport, _) = try await round(.hang, clock: clock)
        #expect(outcome.failure?.kind == "timeout")
        #expect(clock.now.offset == .seconds(30))
        #expect(transport.log.count == 1)
    }

    @Test func aRedirectIsNotFollowedAndNamesItsLocation() async throws {
        let location = "http://127.0.0.1:1/sync/v1/pull"
        let (outcome, transport, _) = try await round(
            .answer(
                PeerAnswer(status: 307, headers: [(name: "Location", value: location), (name: "Content-Length", value: "0")], body: [])))
        #expect(outcome.failure?.kind == "redirect")
        #expect(
            outcome.failure?.message.hasPrefix("http://p1.test/mosaic/sync/v1/pull answered 307 redirecting to \(location)") == true,
            "\(String(describing: outcome.failure))")
        #expect(transport.log.count == 1, "the signed request was re-sent")
    }

    @Test func anHTMLLoginPageNamesStatusTypeAndLooks() async throws {
        let page = Array("<html><body><h1>Please log in to the network</h1></body></html>".utf8)
        let (outcome, _, _) = try await round(
            .answer(PeerAnswer(status: 200, headers: [(name: "Content-Type", value: "text/html")], body: page)))
        #expect(outcome.failure?.kind == "unexpected")
        let message = outcome.failure?.message ?? ""
        #expect(message.contains("200 text/html, not application/json: looks like a login page or a proxy (captive portal?)"), "\(message)")
        #expect(message.contains("Please log in to the network"))
    }

    @Test(arguments: [
        ("application/json", true), ("application/json; charset=utf-8", true), ("Application/JSON;charset=UTF-8", true),
        ("application/jsonx", false), ("application/json-seq", false), ("text/json", false), ("application/problem+json", false),
        ("", false),
    ])
    func mediaTypesAreMatchedExactly(_ contentType: String, _ accepted: Bool) async throws {
        let source = try await PullFixture.origin(commits: 1)
        let honest = try await PullAnswer.page(from: source, for: PullRequest(vector: VersionVector(), limit: 10), maxPageBytes: 1 << 20)
        let (outcome, _, _) = try await round(
            .answer(PeerAnswer(status: 200, headers: [(name: "Content-Type", value: contentType)], body: honest.bytes)), origin: source)
        #expect((outcome.failure == nil) == accepted, "\(contentType): \(String(describing: outcome.failure))")
        if !accepted { #expect(outcome.failure?.kind == "unexpected" && outcome.failure?.message.contains("not application/json") == true) }
    }

    @Test func aTruncatedAnswerIsUnreachableAndWritesNothing() async throws {
        let (outcome, transport, puller) = try await round(.truncated(bytes: 100))
        #expect(outcome.failure?.kind == "unreachable")
        #expect(transport.log.map(\.bytesRead) == [100])
        #expect(try await puller.vector() == VersionVector())
    }

    @Test func aRoundEndsAtItsPageBound() async throws {
        let source = try await PullFixture.origin(commits: 12)
        let (outcome, transport, puller) = try await round(nil, origin: source, bounds: RoundBounds(maxPages: 4), pageSize: 2)
        #expect(outcome.failure == nil && outcome.stoppedAt == "pages")
        #expect(transport.log.count == 4 && outcome.commits == 8 && outcome.lag == 4)
        #expect(try await puller.vector()[PullFixture.origin] == 8)
    }

    @Test func aRoundEndsAtItsCommitBound() async throws {
        let source = try await PullFixture.origin(commits: 12)
        let (outcome, _, _) = try await round(nil, origin: source, bounds: RoundBounds(maxCommits: 5), pageSize: 2)
        #expect(outcome.failure == nil && outcome.stoppedAt == "commits" && outcome.commits == 5)
    }

    @Test func aRoundEndsAtItsTimeBound() async throws {
        let source = try await PullFixture.origin(commits: 12)
        let clock = ManualClock(autoAdvance: true)
        let (outcome, transport, _) = try await round(
            .delay(.seconds(10)), clock: clock, origin: source, bounds: RoundBounds(maxDuration: .seconds(35)), pageSize: 2)
        // Pages at 10, 20 and 30 s; the fourth request gets the 5 s left and ends with the round.
        #expect(transport.log.count == 4)
        #expect(outcome.commits == 6 && outcome.lag == 6)
        #expect(clock.now.offset == .seconds(35))
        #expect(outcome.failure == nil && outcome.stoppedAt == "time")
    }

    /// A member serving fresh valid pages with `more: true` forever: the round ends at its bound.
    @Test func aPeerClaimingMoreForeverIsBoundedPerRound() async throws {
        let source = try await PullFixture.origin(commits: 30)
        let serve = InMemoryPeer.serving(source)
        let transport = InMemoryPeerTransport(clock: SyncClock(ManualClock(autoAdvance: true))) { request in
            var answer = await serve(request)
            let page = PullResponse(bytes: answer.body)!
            answer.body = PullResponse(commits: page.commits, more: true, vector: page.vector).bytes
            return answer
        }
        let puller = try PullFixture.catalogue(PullFixture.puller)
        let client = PullFixture.client(of: PullFixture.peers[0], for: puller, transport: transport)
        let outcome = await PullSession(catalogue: puller, client: client, pageSize: 1, bounds: RoundBounds(maxPages: 10)).run()
        #expect(outcome.failure == nil && outcome.stoppedAt == "pages" && outcome.pages == 10)
        #expect(transport.log.count == 10)
    }
}
