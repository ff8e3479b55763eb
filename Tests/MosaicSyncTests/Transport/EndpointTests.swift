import Foundation
import MosaicConfig
import MosaicCore
import MosaicSync
import Synchronization
import Testing

/// Issue 12 point 8: one parser for `config check` and the peer client. A path prefix is kept,
/// scheme and host are case-insensitive, and every endpoint the check accepts is one the client
/// reaches at the expected address.
@Suite struct EndpointTests {
    static let table: [(text: String, pull: String?)] = [
        ("https://mosaic.example.org", "https://mosaic.example.org/sync/v1/pull"),
        ("https://mosaic.example.org/", "https://mosaic.example.org/sync/v1/pull"),
        ("HTTPS://Mosaic.Example.ORG/", "https://mosaic.example.org/sync/v1/pull"),
        ("https://example.org/mosaic/", "https://example.org/mosaic/sync/v1/pull"),
        ("https://example.org/mosaic", "https://example.org/mosaic/sync/v1/pull"),
        ("https://example.org/a/b//", "https://example.org/a/b/sync/v1/pull"),
        ("https://example.org/caf%C3%A9/", "https://example.org/caf%C3%A9/sync/v1/pull"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/sync/v1/pull"),
        ("http://[::1]:8080/", "http://[::1]:8080/sync/v1/pull"),
        ("Http://LOCALHOST:45001/Mosaic/", "http://localhost:45001/Mosaic/sync/v1/pull"),
        ("ftp://example.org", nil),
        ("example.org", nil),
        ("https://", nil),
        ("https://user:secret@example.org", nil),
        ("https://example.org/?peer=1", nil),
        ("https://example.org/#top", nil),
        ("https://exa mple.org", nil),
        ("", nil),
    ]

    @Test(arguments: table.indices)
    func configCheckAndClientAgree(_ row: Int) async throws {
        let (text, expected) = Self.table[row]
        let parsed = NodeEndpoint.parse(text)
        #expect((parsed != nil) == (expected != nil), "config check on '\(text)': \(String(describing: parsed))")
        guard let endpoint = parsed, let expected else { return }
        // The client asks exactly the address the check promised.
        let transport = InMemoryPeerTransport(
            clock: .continuous, fault: { _, _ in .unreachable }, serve: { _ in PeerAnswer(status: 500, headers: [], body: []) })
        let client = PeerClient(
            peer: PullFixture.peers[0], endpoint: endpoint, member: PullFixture.puller, key: DemoKeys.signingKey(for: PullFixture.puller),
            transport: transport, timeout: .seconds(5))
        _ = try? await client.pull(after: VersionVector(), limit: 10)
        #expect(transport.log.map(\.url.absoluteString) == [expected])
    }

    /// Over real HTTP: an upper-case scheme and host with a path prefix reach the prefixed path.
    @Test func aPrefixedEndpointIsReachedOverHTTP() async throws {
        let seen = Mutex<[String]>([])
        let server = try RawHTTPServer { head in
            seen.withLock { $0.append(String(head.split(separator: "\r\n").first ?? "")) }
            return RawHTTPServer.response(body: Array(#"{"commits":[],"more":false,"vector":{}}"#.utf8))
        }
        let endpoint = try #require(NodeEndpoint.parse("HTTP://127.0.0.1:\(server.port)/Mosaic/"))
        let puller = try PullFixture.catalogue(PullFixture.puller)
        let (page, _) = try await LivePeerTransport.withTransport { transport throws(PeerClient.Failure) in
            try await PeerClient(
                peer: PullFixture.peers[0], endpoint: endpoint, member: PullFixture.puller,
                key: DemoKeys.signingKey(for: PullFixture.puller),
                transport: transport, timeout: .seconds(10), now: { puller.nowMillis }
            ).pull(after: VersionVector(), limit: 10)
        }
        server.stop()
        #expect(page.commits.isEmpty && !page.more)
        #expect(seen.withLock { $0 } == ["POST /Mosaic/sync/v1/pull HTTP/1.1"])
    }
}
