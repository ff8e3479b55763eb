import Foundation
import MosaicConfig

/// How Mosaic reaches a peer: one signed request out, one answer back, its body read under a byte
/// cap and one deadline. ``LivePeerTransport`` speaks HTTP; ``InMemoryPeerTransport`` answers
/// in memory, with faults, for tests and the simulator. ``PeerClient`` checks what comes back
/// (status, media type, redirects) the same way whichever transport brought it.
public protocol PeerTransport: Sendable {
    /// Sends `request` and reads the answer.
    /// - Throws: ``PeerTransportFailure`` when the peer cannot be reached, the deadline passes
    ///   (connect, headers and body together), or the body would exceed `bounds.maxBytes`.
    func send(_ request: PeerRequest, bounds: AnswerBounds) async throws(PeerTransportFailure) -> PeerAnswer
}

/// One signed request to a peer, ready to send.
public struct PeerRequest: Sendable {
    /// `GET` or `POST`.
    public var method: String
    /// The full address: the peer's endpoint (with its path prefix) and the sync path.
    public var url: URL
    /// Header fields in order (signature, digest, content type, accepted encodings).
    public var headers: [(name: String, value: String)]
    /// The body bytes (empty for `GET`).
    public var body: [UInt8]
    /// Extra checks of the peer's HTTPS certificate (private CA, pin); `nil`: the system store only.
    public var tls: PeerTLSSettings?

    public init(method: String, url: URL, headers: [(name: String, value: String)], body: [UInt8], tls: PeerTLSSettings? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.tls = tls
    }

    /// The value of the first header field named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// What one answer may cost: bytes of body after content decoding, and time from the first
/// connection attempt to the last body byte.
public struct AnswerBounds: Sendable, Hashable {
    /// Most body bytes, counted after decoding (gzip), as they arrive.
    public var maxBytes: Int
    /// One deadline for connect, headers and body together.
    public var timeout: Duration

    public init(maxBytes: Int, timeout: Duration) {
        self.maxBytes = maxBytes
        self.timeout = timeout
    }
}

/// A peer's answer: its status, header fields and the whole body (within the bounds).
public struct PeerAnswer: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header field named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Why a transport brought no answer.
public struct PeerTransportFailure: Error, Sendable, CustomStringConvertible {
    /// The kinds a transport reports.
    public enum Kind: String, Sendable {
        /// No connection, or the connection broke (refused, reset, malformed HTTP).
        case unreachable
        /// The request's deadline passed.
        case timeout
        /// The answer is larger than the cap (declared or counted), or inflates too much.
        case tooLarge = "too-large"
        /// The peer's HTTPS certificate has expired (or is not yet valid).
        case tlsExpired = "tls-expired"
        /// The peer's HTTPS certificate is not issued by a CA the node trusts (system store or `ca_file`).
        case tlsUnknownCA = "tls-unknown-ca"
        /// The peer's HTTPS certificate is for another host name than its endpoint's.
        case tlsNameMismatch = "tls-name-mismatch"
        /// The peer's HTTPS certificate's public key is not the one `pin_sha256` names.
        case tlsPinMismatch = "tls-pin-mismatch"
    }

    public let kind: Kind
    public let message: String
    /// Body bytes read (after decoding) when the transfer stopped.
    public let bytesRead: Int

    public init(_ kind: Kind, _ message: String, bytesRead: Int = 0) {
        self.kind = kind
        self.message = message
        self.bytesRead = bytesRead
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// An answer body being read: counts bytes as they arrive and stops at the cap. Both transports
/// use it, so the cap is enforced by one piece of code.
struct AnswerBody: Sendable {
    let limit: Int
    /// The URL asked, named by the failures.
    let target: String
    private(set) var bytes: [UInt8] = []

    /// Reserves the whole cap at once: untouched pages stay out of resident memory, and the body
    /// is never copied to a larger buffer as it grows (a doubling copy would hold twice the cap).
    init(limit: Int, target: String) {
        self.limit = limit
        self.target = target
        bytes.reserveCapacity(limit)
    }

    /// Refuses an answer whose declared `Content-Length` is already above the cap, before its body is read.
    static func checkDeclaredLength(_ value: String?, limit: Int, target: String) throws(PeerTransportFailure) {
        guard let value, let declared = Int(value.trimmingCharacters(in: .whitespaces)), declared > limit else { return }
        throw PeerTransportFailure(
            .tooLarge,
            "\(target): the answer declares Content-Length: \(declared), beyond the limit of \(limit) bytes; nothing of it was read")
    }

    /// Appends `chunk`.
    /// - Throws: ``PeerTransportFailure/Kind/tooLarge`` when the body would pass the cap.
    mutating func append(_ chunk: some Collection<UInt8>) throws(PeerTransportFailure) {
        guard bytes.count + chunk.count <= limit else {
            throw PeerTransportFailure(
                .tooLarge, "\(target): the answer is beyond the limit of \(limit) bytes (after decoding); the transfer was stopped",
                bytesRead: bytes.count + chunk.count)
        }
        bytes.append(contentsOf: chunk)
    }
}
