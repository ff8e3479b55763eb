import Foundation
import Synchronization

/// Peers answered in memory, with faults, on an injected clock: for tests and the simulator.
///
/// Each request goes to `serve` (an honest peer, such as ``InMemoryPeer/serving(_:pageBytes:)``),
/// unless `fault` names a ``PeerFault`` for it. Every time spent (a delay, a trickle, a hang) is
/// spent sleeping on the clock, and the answer's body is read through the same capped reader as
/// the live transport's. What happened is kept in ``log``.
public final class InMemoryPeerTransport: PeerTransport {
    /// One request as the transport saw it.
    public struct Exchange: Sendable {
        /// The address asked.
        public let url: URL
        public let method: String
        /// The clock's reading when the request was sent.
        public let sentAt: Duration
        /// Body bytes handed to the caller (or read before the transfer stopped).
        public let bytesRead: Int
        /// The fault applied, if any.
        public let fault: PeerFault?
    }

    /// An honest answer to a request.
    public typealias Server = @Sendable (PeerRequest) async -> PeerAnswer
    /// The fault for the `n`th request (counted from 0 over the whole transport), or `nil`.
    public typealias FaultPlan = @Sendable (_ request: PeerRequest, _ n: Int) -> PeerFault?

    let clock: SyncClock
    let serve: Server
    let fault: FaultPlan
    private let exchanges = Mutex<[Exchange]>([])

    public init(clock: SyncClock, fault: @escaping FaultPlan = { _, _ in nil }, serve: @escaping Server) {
        self.clock = clock
        self.serve = serve
        self.fault = fault
    }

    /// Every request sent, in order.
    public var log: [Exchange] { exchanges.withLock { $0 } }

    public func send(_ request: PeerRequest, bounds: AnswerBounds) async throws(PeerTransportFailure) -> PeerAnswer {
        let start = clock.now()
        let deadline = start + bounds.timeout
        let n = exchanges.withLock { $0.count }
        let fault = self.fault(request, n)
        var read = 0
        defer {
            let record = Exchange(url: request.url, method: request.method, sentAt: start, bytesRead: read, fault: fault)
            exchanges.withLock { $0.append(record) }
        }
        do throws(PeerTransportFailure) {
            let answer = try await answer(request, fault: fault, deadline: deadline, bounds: bounds) { read = $0 }
            read = answer.body.count
            return answer
        } catch {
            read = error.bytesRead
            throw error
        }
    }

    private func answer(
        _ request: PeerRequest, fault: PeerFault?, deadline: Duration, bounds: AnswerBounds, progress: (Int) -> Void
    ) async throws(PeerTransportFailure) -> PeerAnswer {
        let target = request.url.absoluteString
        let timedOut = { (bytes: Int) in
            PeerTransportFailure(
                .timeout, "\(target): no complete answer within \(LivePeerTransport.seconds(bounds.timeout)) (connect, headers and body)",
                bytesRead: bytes)
        }
        func wait(_ duration: Duration, read: Int) async throws(PeerTransportFailure) {
            let wake = clock.now() + duration
            do { try await clock.sleep(until: min(wake, deadline)) } catch {
                throw PeerTransportFailure(.unreachable, "\(target): cancelled")
            }
            if wake > deadline { throw timedOut(read) }
        }
        switch fault {
        case nil:
            return try Self.capped(await serve(request), bounds: bounds, target: target)
        case .unreachable:
            throw PeerTransportFailure(.unreachable, "\(target): connection refused")
        case .hang:
            try await wait(.seconds(365 * 86_400), read: 0)
            throw timedOut(0)
        case .delay(let duration):
            try await wait(duration, read: 0)
            return try Self.capped(await serve(request), bounds: bounds, target: target)
        case .answer(let answer):
            return try Self.capped(answer, bounds: bounds, target: target)
        case .truncated(let bytes):
            let whole = await serve(request)
            var body = AnswerBody(limit: bounds.maxBytes, target: target)
            try body.append(whole.body.prefix(bytes))
            throw PeerTransportFailure(
                .unreachable, "\(target): the connection closed after \(body.bytes.count) of \(whole.body.count) body bytes",
                bytesRead: body.bytes.count)
        case .endless(let chunk, let contentType, let declaredLength):
            var headers = [(name: "Content-Type", value: contentType)]
            if let declaredLength { headers.append((name: "Content-Length", value: "\(declaredLength)")) }
            try AnswerBody.checkDeclaredLength(declaredLength.map(String.init), limit: bounds.maxBytes, target: target)
            var body = AnswerBody(limit: bounds.maxBytes, target: target)
            let block = [UInt8](repeating: 0x20, count: chunk)
            while true {
                try body.append(block)
                progress(body.bytes.count)
            }
        case .trickle(let every, let length):
            try AnswerBody.checkDeclaredLength(String(length), limit: bounds.maxBytes, target: target)
            var body = AnswerBody(limit: bounds.maxBytes, target: target)
            while body.bytes.count < length {
                try await wait(every, read: body.bytes.count)
                try body.append([0x20])
                progress(body.bytes.count)
            }
            return PeerAnswer(status: 200, headers: [(name: "Content-Type", value: "application/json")], body: body.bytes)
        }
    }

    private static func capped(_ answer: PeerAnswer, bounds: AnswerBounds, target: String) throws(PeerTransportFailure) -> PeerAnswer {
        try AnswerBody.checkDeclaredLength(answer.header("Content-Length"), limit: bounds.maxBytes, target: target)
        var body = AnswerBody(limit: bounds.maxBytes, target: target)
        try body.append(answer.body)
        return PeerAnswer(status: answer.status, headers: answer.headers, body: body.bytes)
    }
}

/// What a faulty in-memory peer does instead of answering honestly (the modes of
/// `bad_peer.py` and more). Answers are already decoded: a gzip bomb is an ``endless(chunk:contentType:declaredLength:)``
/// body here, its ratio bound is the live transport's.
public enum PeerFault: Sendable {
    /// Connection refused: nothing is sent.
    case unreachable
    /// Accepts the request and never answers: fails at the deadline.
    case hang
    /// Answers honestly after `duration` on the clock.
    case delay(Duration)
    /// Answers with exactly this (a wrong media type, a redirect, an HTML login page, an error).
    case answer(PeerAnswer)
    /// Sends the first `bytes` of the honest body, then closes the connection.
    case truncated(bytes: Int)
    /// 200 with a body that never ends, in `chunk`-byte pieces (`declaredLength` as Content-Length when given).
    case endless(chunk: Int, contentType: String, declaredLength: Int?)
    /// 200 announcing `length` bytes, then one byte every `every` on the clock.
    case trickle(every: Duration, length: Int)
}
