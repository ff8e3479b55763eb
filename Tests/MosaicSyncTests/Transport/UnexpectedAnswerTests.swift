import Foundation
import MosaicCore
import MosaicSync
import Testing

/// Issue 12 point 9: an unexpected peer answer names its status, its content type and what it
/// looks like, and control characters from the peer never reach the message.
@Suite struct UnexpectedAnswerTests {
    static let rows: [(status: Int, type: String?, body: String, kind: String, says: String)] = [
        (
            200, "text/html; charset=utf-8", "<!DOCTYPE html><title>Wi-Fi</title>Sign in", "unexpected",
            "200 text/html; charset=utf-8, not application/json: looks like a login page or a proxy (captive portal?)"
        ),
        (502, "text/html", "<html><body>Bad Gateway</body></html>", "http", "502 text/html: looks like a login page or a proxy"),
        (503, "text/plain", "upstream down\r\nretry later", "http", "503 text/plain: text \"upstream down retry later\""),
        (
            401, "application/json", #"{"error":"unknown-member","reason":"puller is not in the member directory"}"#, "refused",
            "401 application/json: a JSON error: puller is not in the member directory"
        ),
        (200, nil, "{}", "unexpected", "200 no Content-Type, not application/json"),
        (
            200, "application/octet-stream", "\u{0}\u{1}\u{2}binary", "unexpected",
            "200 application/octet-stream, not application/json: 9 bytes of binary data"
        ),
        (404, "text/plain", "", "http", "404 text/plain: an empty body"),
    ]

    @Test(arguments: rows.indices)
    func namesStatusTypeAndLooks(_ index: Int) async throws {
        let row = Self.rows[index]
        var headers: [(name: String, value: String)] = []
        if let type = row.type { headers.append((name: "Content-Type", value: type)) }
        let answer = PeerAnswer(status: row.status, headers: headers, body: Array(row.body.utf8))
        let transport = InMemoryPeerTransport(clock: .continuous, fault: { _, _ in .answer(answer) }, serve: { _ in answer })
        let puller = try PullFixture.catalogue(PullFixture.puller)
        let client = PullFixture.client(of: PullFixture.peers[0], for: puller, transport: transport)
        let failure: PeerClient.Failure? = await {
            do throws(PeerClient.Failure) {
                _ = try await client.pull(after: VersionVector(), limit: 10)
                return nil
            } catch {
                return error
            }
        }()
        #expect(failure?.kind == row.kind, "\(String(describing: failure))")
        #expect(failure?.message.contains("/sync/v1/pull answered " + row.says) == true, "\(String(describing: failure))")
        #expect(failure?.message.contains("\r") == false && failure?.message.contains("\n") == false)
    }
}
