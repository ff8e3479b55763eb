import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// HTTP/1.1 over plain loopback sockets, byte for byte as a hostile party writes it: headers
/// duplicated, lengths negative or huge, bodies that lie. Blocking I/O runs on Dispatch threads,
/// never on the test's cooperative pool.
enum RawHTTP {
    /// An answer: its status code and body text.
    struct Answer: Sendable {
        let status: Int
        let body: String
    }

    /// Sends `request` (complete bytes) to 127.0.0.1:`port` and reads the answer until the server closes.
    static func send(_ request: [UInt8], port: Int) async throws -> Answer {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try exchange(request, port: port) })
            }
        }
    }

    /// A request's bytes: the start line, `headers` in order (duplicates kept), then `body`.
    static func request(
        _ method: String, _ path: String, headers: [(String, String)], body: [UInt8], contentLength: String? = nil
    ) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if method == "POST" || !body.isEmpty || contentLength != nil { head += "Content-Length: \(contentLength ?? "\(body.count)")\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    private static func exchange(_ request: [UInt8], port: Int) throws -> Answer {
        let socket = try connected(port: port)
        defer { close(socket) }
        try write(request, to: socket)
        let start = Date()
        let bytes = readAll(socket)
        let text = String(decoding: bytes, as: UTF8.self)
        guard let statusText = text.split(separator: " ", maxSplits: 2).dropFirst().first, let status = Int(statusText) else {
            throw RawHTTPError(
                message: "no HTTP answer after \(Date().timeIntervalSince(start)) s, errno \(errno), port \(port): \(text.prefix(200))")
        }
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return Answer(status: status, body: body)
    }

    private static func connected(port: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw RawHTTPError(message: "socket: \(errno)") }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(socket)
            throw RawHTTPError(message: "connect to port \(port): \(errno)")
        }
        return socket
    }

    /// A listening TCP socket on 127.0.0.1 at an ephemeral port, and that port.
    static func listenOnLoopback() throws -> (listener: Int32, port: Int) {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 16) == 0 else {
            close(listener)
            throw RawHTTPError(message: "bind/listen: \(errno)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        return (listener, Int(UInt16(bigEndian: actual.sin_port)))
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    static func write(_ bytes: [UInt8], to socket: Int32) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // The peer may close early (a refusal before the whole body): what was sent is enough.
            guard count > 0 else { return }
            sent += count
        }
    }

    static func readAll(_ socket: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return result }
            result += buffer[0..<count]
        }
    }
}

/// A raw HTTP exchange that failed below HTTP.
struct RawHTTPError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A fake peer on 127.0.0.1 with an ephemeral port: reads each request (head and
/// `Content-Length` body) and writes back exactly the bytes `answer` returns, then closes.
final class RawHTTPServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let answer: @Sendable (_ head: String) -> [UInt8]
    private let done = DispatchSemaphore(value: 0)

    init(answer: @escaping @Sendable (_ head: String) -> [UInt8]) throws {
        self.answer = answer
        let opened = try RawHTTP.listenOnLoopback()
        self.listener = opened.listener
        port = opened.port
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/")! }

    private func serve() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { break }
            var timeout = timeval(tv_sec: 60, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let head = Self.readRequest(client)
            try? RawHTTP.write(answer(head), to: client)
            shutdown(client, Int32(SHUT_RDWR))
            close(client)
        }
        done.signal()
    }

    /// Reads the head and the body its `Content-Length` announces; returns the head.
    static func readRequest(_ socket: Int32) -> String {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let separator = Array("\r\n\r\n".utf8)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            received += buffer[0..<count]
            guard let end = received.firstRange(of: separator)?.upperBound else { continue }
            let head = String(decoding: received[..<end], as: UTF8.self)
            let length =
                head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if received.count - end >= length { return head }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Stops listening and waits for the accept loop to end.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        done.wait()
    }

    /// An HTTP/1.1 answer: status 200 unless told, `headers` as given (no length added when
    /// `headers` already name one), then `body`.
    static func response(status: String = "200 OK", headers: [(String, String)] = [("Content-Type", "application/json")], body: [UInt8])
        -> [UInt8]
    {
        var head = "HTTP/1.1 \(status)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !headers.contains(where: { $0.0.lowercased() == "content-length" }) { head += "Content-Length: \(body.count)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }
}
