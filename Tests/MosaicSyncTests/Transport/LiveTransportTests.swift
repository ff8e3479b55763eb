import Foundation
import MosaicConfig
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// Every `bad_peer.py` mode against the live transport (AsyncHTTPClient) over real loopback
/// sockets: each transfer stops at its bound (bytes read, requests sent), and the pull reports it.
@Suite(.serialized) struct LiveTransportTests {
    static let cap = AnswerCap.pullBytes(pageBytes: SyncSettings().pageBytes, pageSize: 10)

    /// Sends one signed pull to `server` through a fresh live transport, shut down afterwards.
    func pull(_ server: BadPeerServer, timeout: Duration = .seconds(30)) async throws -> (PullSession.Outcome, NodeCatalogue) {
        let puller = try PullFixture.catalogue(PullFixture.puller)
        let outcome = await LivePeerTransport.withTransport { transport in
            let client = PeerClient(
                peer: PullFixture.peers[0], endpoint: server.url, member: PullFixture.puller,
                key: DemoKeys.signingKey(for: PullFixture.puller),
                transport: transport, timeout: timeout, now: { puller.nowMillis })
            return await PullSession(catalogue: puller, client: client, pageSize: 10).run()
        }
        return (outcome, puller)
    }

    /// The transport's own failure for one request to `server`.
    func send(_ server: BadPeerServer, timeout: Duration = .seconds(30)) async -> Result<PeerAnswer, PeerTransportFailure> {
        await LivePeerTransport.withTransport { transport in
            do throws(PeerTransportFailure) {
                let request = PeerRequest(
                    method: "POST", url: server.url.appendingPathComponent("sync/v1/pull"),
                    headers: [(name: "Content-Type", value: "application/json")], body: Array("{}".utf8))
                return .success(try await transport.send(request, bounds: AnswerBounds(maxBytes: Self.cap, timeout: timeout)))
            } catch {
                return .failure(error)
            }
        }
    }

    func failure(_ result: Result<PeerAnswer, PeerTransportFailure>) -> PeerTransportFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    @Test func endlessStopsAtTheCap() async throws {
        let server = try BadPeerServer(.endless)
        let failure = try #require(failure(await send(server)))
        #expect(failure.kind == .tooLarge, "\(failure)")
        #expect(failure.bytesRead <= Self.cap + (1 << 20) && failure.bytesRead > Self.cap - (1 << 20))
        let (outcome, puller) = try await pull(server)
        #expect(outcome.failure?.kind == "too-large")
        #expect(try await puller.vector() == VersionVector())
        #expect(server.requests == 2)
        server.stop()
    }

    @Test func aGzipBombStopsAtTheCapOrTheRatio() async throws {
        let server = try BadPeerServer(.gzipbomb)
        let failure = try #require(failure(await send(server)))
        #expect(failure.kind == .tooLarge, "\(failure)")
        #expect(failure.bytesRead <= Self.cap + (1 << 20), "\(failure.bytesRead) bytes inflated")
        #expect(server.requests == 1)
        server.stop()
    }

    @Test func hugeIsRefusedBeforeItsBody() async throws {
        let server = try BadPeerServer(.huge)
        let failure = try #require(failure(await send(server)))
        #expect(failure.kind == .tooLarge && failure.bytesRead == 0, "\(failure)")
        #expect(failure.message.contains("Content-Length: \(300 << 20)"))
        server.stop()
    }

    /// One byte every 0.5 s, forever: one deadline covers the whole body (1.5 s here), so the
    /// transfer ends as a timeout that names it, with some bytes read. No byte count is asserted:
    /// on a loaded machine the timer fires late, and a count would make this a timing assertion.
    @Test func trickleFailsAtTheRequestDeadline() async throws {
        let server = try BadPeerServer(.trickle)
        let failure = try #require(failure(await send(server, timeout: .milliseconds(1500))))
        #expect(failure.kind == .timeout, "\(failure)")
        #expect(failure.message.contains("no complete answer within 1.5 s (connect, headers and body)"), "\(failure)")
        server.stop()
    }

    /// A peer whose node is down: the failure says so in words, not as a socket error's dump.
    @Test func aClosedPortSaysNothingListens() async throws {
        let server = try BadPeerServer(.html)
        server.stop()
        let failure = try #require(failure(await send(server)))
        #expect(failure.kind == .unreachable)
        #expect(
            failure.message.hasSuffix(
                "connection refused: nothing listens at that address (is the peer's node running, and is its endpoint right?)"),
            "\(failure)")
    }

    @Test func aRedirectIsNeitherFollowedNorReSent() async throws {
        let target = try BadPeerServer(.html)
        let server = try BadPeerServer(.redirect, redirectTo: target.url.absoluteString + "sync/v1/pull")
        let (outcome, puller) = try await pull(server)
        #expect(outcome.failure?.kind == "redirect", "\(String(describing: outcome.failure))")
        #expect(outcome.failure?.message.contains("307 redirecting to \(target.url.absoluteString)sync/v1/pull") == true)
        #expect(server.requests == 1 && target.requests == 0)
        #expect(try await puller.vector() == VersionVector())
        server.stop()
        target.stop()
    }

    @Test func anHTMLPageNamesStatusTypeAndLooks() async throws {
        let server = try BadPeerServer(.html)
        let (outcome, _) = try await pull(server)
        #expect(outcome.failure?.kind == "unexpected")
        #expect(
            outcome.failure?.message.contains("200 text/html, not application/json: looks like a login page or a proxy (captive portal?)")
                == true,
            "\(String(describing: outcome.failure))")
        server.stop()
    }

    @Test func applicationJSONXIsRefused() async throws {
        let server = try BadPeerServer(.jsonx)
        let (outcome, _) = try await pull(server)
        #expect(outcome.failure?.kind == "unexpected")
        #expect(outcome.failure?.message.contains("200 application/jsonx, not application/json") == true)
        server.stop()
    }
}
