import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization

/// Reaches peers over HTTP with AsyncHTTPClient (SwiftNIO), one client per process.
///
/// Why not libcurl through FoundationNetworking, as issue 13 first named: `URLSession` hands over
/// a body only once it is whole (an endless or inflating answer fills memory before any cap can
/// act), follows redirects and re-sends the signed request, and on Linux takes neither a private
/// CA nor a certificate pin (issue 14). AsyncHTTPClient streams the body chunk by chunk (the cap
/// is counted as bytes arrive, after gzip decoding), never follows a redirect
/// (`redirectConfiguration: .disallow`), bounds the inflation ratio, and takes a NIOSSL
/// `TLSConfiguration` with custom trust roots per request (`peer_tls: ca_file`); pins and the
/// reason of a refused certificate are ``PeerCertificateCheck``'s.
///
/// Lifetime: ``withTransport(_:)`` scopes one to a block (`mosaic sync`, tests); `mosaic serve`
/// runs it as a `Service` whose `run()` shuts the client down after graceful shutdown.
public final class LivePeerTransport: PeerTransport, Service {
    /// Most an answer may inflate under gzip: a page of JSON commits compresses about 5-15 times;
    /// a gzip bomb (1 MiB to 1 GiB) 1,024 times. The byte cap stops it sooner in any case.
    public static let maxDecompressionRatio = 100
    /// The content codings the node advertises: the sync server sends gzip or nothing.
    public static let acceptEncoding = "gzip"

    private let client: HTTPClient

    /// A transport with its own client on the process-wide NIO event loop group (no threads of its
    /// own); call ``shutdown()`` (or run it as a `Service`) before it is released.
    public init() {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(30)),
            decompression: .enabled(limit: .ratio(Self.maxDecompressionRatio)))
        configuration.httpVersion = .http1Only
        // A peer that is down fails at once with its cause (the scheduler backs off), rather than
        // after the whole deadline of silent retries.
        configuration.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Runs `body` with a new transport and shuts it down afterwards, whether `body` throws or not.
    public static func withTransport<R, E: Error>(
        isolation: isolated (any Actor)? = #isolation, _ body: (LivePeerTransport) async throws(E) -> R
    ) async throws(E) -> R {
        let transport = LivePeerTransport()
        do throws(E) {
            let result = try await body(transport)
            await transport.shutdown()
            return result
        } catch {
            await transport.shutdown()
            throw error
        }
    }

    /// Closes the connections; requests after this fail as unreachable.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// Waits for graceful shutdown (or cancellation), then closes the client.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    public func send(_ request: PeerRequest, bounds: AnswerBounds) async throws(PeerTransportFailure) -> PeerAnswer {
        var http = HTTPClientRequest(url: request.url.absoluteString)
        http.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { http.headers.add(name: field.name, value: field.value) }
        http.headers.replaceOrAdd(name: "Accept-Encoding", value: Self.acceptEncoding)
        if !request.body.isEmpty { http.body = .bytes(ByteBuffer(bytes: request.body)) }
        if let tls = request.tls { http.tlsConfiguration = PeerCertificateCheck.configuration(tls) }
        let prepared = http
        let url = request.url
        let counter = ReadCounter()
        let target = request.url.absoluteString
        let timeout = bounds.timeout
        let client = self.client
        // AsyncHTTPClient's own deadline ends when the head arrives; this race covers the body too.
        let result: Result<PeerAnswer, PeerTransportFailure> = await withTaskGroup(of: Result<PeerAnswer, PeerTransportFailure>?.self) {
            group in
            group.addTask {
                do throws(PeerTransportFailure) {
                    if let pin = request.tls?.pinSHA256, url.scheme == "https" {
                        try await PeerCertificateCheck.checkPin(pin, url: url, timeout: timeout)
                    }
                    return .success(try await Self.exchange(prepared, client: client, bounds: bounds, counter: counter, url: url))
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch { return nil }
                return .failure(
                    PeerTransportFailure(
                        .timeout, "\(target): no complete answer within \(Self.seconds(timeout)) (connect, headers and body)",
                        bytesRead: counter.value))
            }
            var first: Result<PeerAnswer, PeerTransportFailure>?
            while first == nil, let next = await group.next() { first = next }
            group.cancelAll()
            return first ?? .failure(PeerTransportFailure(.unreachable, "\(target): cancelled"))
        }
        return try result.get()
    }

    private static func exchange(
        _ http: HTTPClientRequest, client: HTTPClient, bounds: AnswerBounds, counter: ReadCounter, url: URL
    ) async throws(PeerTransportFailure) -> PeerAnswer {
        let target = url.absoluteString
        let response: HTTPClientResponse
        do {
            response = try await client.execute(http, timeout: .nanoseconds(Int64(bounds.timeout / .nanoseconds(1))))
        } catch {
            if let tls = await PeerCertificateCheck.failure(error, url: url, timeout: bounds.timeout) { throw tls }
            throw failure(error, target: target, counter: counter)
        }
        let headers = response.headers.map { (name: $0.name, value: $0.value) }
        try AnswerBody.checkDeclaredLength(response.headers.first(name: "Content-Length"), limit: bounds.maxBytes, target: target)
        var body = AnswerBody(limit: bounds.maxBytes, target: target)
        do {
            for try await chunk in response.body {
                try body.append(chunk.readableBytesView)
                counter.set(body.bytes.count)
            }
        } catch let error as PeerTransportFailure {
            throw error
        } catch {
            throw failure(error, target: target, counter: counter)
        }
        return PeerAnswer(status: Int(response.status.code), headers: headers, body: body.bytes)
    }

    private static func failure(_ error: any Error, target: String, counter: ReadCounter) -> PeerTransportFailure {
        let text = "\(error)"
        if let error = error as? HTTPClientError, error == .deadlineExceeded || error == .readTimeout {
            return PeerTransportFailure(.timeout, "\(target): no complete answer in time", bytesRead: counter.value)
        }
        // NIOHTTPDecompression.DecompressionError (swift-nio-extras, reached through AsyncHTTPClient):
        // matched by its type's name rather than by making swift-nio-extras a direct dependency.
        if String(reflecting: type(of: error)).hasSuffix("DecompressionError"), text == "limit" {
            return PeerTransportFailure(
                .tooLarge, "\(target): the gzip answer inflates more than \(maxDecompressionRatio) times; the transfer was stopped",
                bytesRead: counter.value)
        }
        if let socket = socketError(error), socket.errnoCode == ECONNREFUSED {
            return PeerTransportFailure(
                .unreachable,
                "\(target): connection refused: nothing listens at that address (is the peer's node running, and is its endpoint right?)",
                bytesRead: counter.value)
        }
        return PeerTransportFailure(.unreachable, "\(target): \(text)", bytesRead: counter.value)
    }

    /// The socket error under `error`: NIO reports a failed connect as a `NIOConnectionError`
    /// holding one `IOError` per address tried (Happy Eyeballs, RFC 8305).
    private static func socketError(_ error: any Error) -> IOError? {
        if let io = error as? IOError { return io }
        guard let connection = error as? NIOConnectionError else { return nil }
        return connection.connectionErrors.lazy.compactMap { $0.error as? IOError }.first
    }

    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return attoseconds == 0 ? "\(seconds) s" : String(format: "%.1f s", Double(seconds) + Double(attoseconds) / 1e18)
    }
}

/// Body bytes read so far, shared between the reading task and the deadline that may end it.
private final class ReadCounter: Sendable {
    private let bytes = Atomic<Int>(0)
    var value: Int { bytes.load(ordering: .relaxed) }
    func set(_ value: Int) { bytes.store(value, ordering: .relaxed) }
}
