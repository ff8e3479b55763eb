import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The modes of `../shared/cases/hostile-peers/bad_peer.py`, in the test process: a peer on
/// 127.0.0.1 (ephemeral port) that streams its answer as the mode says, one thread per
/// connection, and counts the requests it received.
final class BadPeerServer: @unchecked Sendable {
    /// How the peer answers.
    enum Mode: String, Sendable, CaseIterable {
        case endless, gzipbomb, huge, trickle, redirect, html, jsonx
    }

    let port: Int
    private let listener: Int32
    private let mode: Mode
    private let redirectTo: String
    private let received = Mutex(0)
    private let done = DispatchSemaphore(value: 0)

    /// Requests received so far.
    var requests: Int { received.withLock { $0 } }
    var url: URL { URL(string: "http://127.0.0.1:\(port)/")! }

    init(_ mode: Mode, redirectTo: String = "http://127.0.0.1:1/sync/v1/pull") throws {
        self.mode = mode
        self.redirectTo = redirectTo
        let opened = try RawHTTP.listenOnLoopback()
        self.listener = opened.listener
        port = opened.port
        Thread { [self] in acceptLoop() }.start()
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { break }
            Thread { [self] in
                _ = RawHTTPServer.readRequest(client)
                received.withLock { $0 += 1 }
                answer(client)
                shutdown(client, Int32(SHUT_RDWR))
                close(client)
            }.start()
        }
        done.signal()
    }

    /// Writes `bytes` whole; `false` once the client has gone.
    private func send(_ bytes: [UInt8], to socket: Int32) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    private func head(_ status: String, _ headers: [(String, String)]) -> [UInt8] {
        Array(("HTTP/1.1 \(status)\r\nConnection: close\r\n" + headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n").utf8)
    }

    private func answer(_ socket: Int32) {
        let block = [UInt8](repeating: 0x20, count: 1 << 20)
        switch mode {
        case .endless:
            guard send(head("200 OK", [("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")]), to: socket) else { return }
            let chunk = Array(String(block.count, radix: 16).utf8) + [13, 10] + block + [13, 10]
            for _ in 0..<100_000 { guard send(chunk, to: socket) else { return } }
        case .gzipbomb:
            let bomb = GzipBomb.bytes
            _ = send(
                head("200 OK", [("Content-Type", "application/json"), ("Content-Encoding", "gzip"), ("Content-Length", "\(bomb.count)")])
                    + bomb, to: socket)
        case .huge:
            guard send(head("200 OK", [("Content-Type", "application/json"), ("Content-Length", "\(300 << 20)")]), to: socket) else {
                return
            }
            for _ in 0..<300 { guard send(block, to: socket) else { return } }
        case .trickle:
            guard send(head("200 OK", [("Content-Type", "application/json"), ("Content-Length", "100000")]), to: socket) else { return }
            // The peer's own pace (bad_peer.py's), not the test's timing: the client's deadline ends it.
            for _ in 0..<100_000 {
                guard send([0x20], to: socket) else { return }
                usleep(500_000)
            }
        case .redirect:
            _ = send(head("307 Temporary Redirect", [("Location", redirectTo), ("Content-Length", "0")]), to: socket)
        case .html:
            let page = Array("<html><body><h1>Please log in to the network</h1></body></html>".utf8)
            _ = send(head("200 OK", [("Content-Type", "text/html"), ("Content-Length", "\(page.count)")]) + page, to: socket)
        case .jsonx:
            let body = Array(#"{"commits":[],"more":false,"vector":{}}"#.utf8)
            _ = send(head("200 OK", [("Content-Type", "application/jsonx"), ("Content-Length", "\(body.count)")]) + body, to: socket)
        }
    }

    /// Stops listening; connections still open end when their client goes.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        done.wait()
    }
}
