import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP connection from a chosen loopback address (127.0.0.x), to play a client that
/// opens connections and never finishes its request.
struct RawConnection {
    let descriptor: Int32

    /// Connects from `source` (any 127.0.0.0/8 address on Linux) to 127.0.0.1:`port`.
    init(from source: String, toPort port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawConnectionError(what: "socket", code: errno) }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, source, &local.sin_addr)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let connected =
            bound == 0
            ? withUnsafePointer(to: &remote) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } : -1
        guard connected == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw RawConnectionError(what: bound == 0 ? "connect" : "bind", code: code)
        }
    }

    /// Sends `text` (for example the start of a request, never finished).
    func send(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { Glibc.send(descriptor, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
    }

    /// What the server sent until it closed, or `nil` when it has sent nothing yet (never blocks).
    func receivedIfAny() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        if count < 0 { return nil }
        return String(decoding: buffer.prefix(count), as: UTF8.self)
    }

    func close() { _ = Glibc.close(descriptor) }

    /// Waits, at most `timeoutMillis`, until each connection has something to read (an answer or its
    /// closing); returns the indexes of those that do.
    static func readable(_ connections: [RawConnection], until predicate: (Set<Int>) -> Bool, timeoutMillis: Int) -> Set<Int> {
        let start = ContinuousClock.now
        var ready: Set<Int> = []
        while true {
            var fds = connections.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
            let elapsed = ContinuousClock.now - start
            let left = timeoutMillis - Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
            _ = poll(&fds, nfds_t(fds.count), Int32(max(0, min(left, 200))))
            ready = Set(fds.indices.filter { fds[$0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 })
            if predicate(ready) || left <= 0 { return ready }
        }
    }

    /// Raises this process's soft limit of open files to at least `count` (within the hard limit).
    static func allowOpenFiles(_ count: UInt64) {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < count {
            limit.rlim_cur = min(limit.rlim_max, rlim_t(count))
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }
}

/// A socket call failed.
struct RawConnectionError: Error, CustomStringConvertible {
    let what: String
    let code: Int32
    var description: String { "\(what) failed: errno \(code)" }
}
