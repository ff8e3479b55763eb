import Foundation
import MosaicConfig
import MosaicCore

/// Talks to one peer's sync endpoints with signed requests, through a ``PeerTransport``, and holds
/// every answer to the protocol: status 200, media type exactly `application/json`, no redirect,
/// a body within the cap ``AnswerCap`` derives from the page settings.
public struct PeerClient: Sendable {
    /// Why a request to a peer failed, by kind (kept in the peer's state and metrics): `unreachable`,
    /// `timeout`, `too-large`, `redirect`, `unexpected` (wrong status or media type), `refused`
    /// (401), `http`, `protocol`, `config`.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let kind: String
        public let message: String
        /// The versions the peer announced with the failing answer, when it got that far.
        public var peerVersion: PeerVersion?
        public var description: String { "\(kind): \(message)" }

        public init(kind: String, message: String, peerVersion: PeerVersion? = nil) {
            self.kind = kind
            self.message = message
            self.peerVersion = peerVersion
        }
    }

    public let peer: MemberID
    public let endpoint: URL
    let member: MemberID
    let key: MemberSigningKey
    let transport: any PeerTransport
    /// One deadline per request (connect, headers and body).
    public let timeout: Duration
    /// The largest page of commits, in bytes, asked for (the node's `page_bytes`).
    let pageBytes: Int
    let maxAnswerBytes: Int?
    /// Extra checks of the peer's HTTPS certificate (`peer_tls:`), or `nil`.
    let tls: PeerTLSSettings?
    let now: @Sendable () -> Int64
    /// The versions this node announces in each request.
    let announced: PeerVersion

    /// - Parameters:
    ///   - endpoint: the peer's base URL, as ``NodeEndpoint/parse(_:)`` accepts it (a path prefix is kept).
    ///   - transport: how requests reach the peer.
    ///   - timeout: the deadline of one request, connect to last body byte.
    ///   - pageBytes: the node's `page_bytes`, from which the answer cap is derived.
    ///   - maxAnswerBytes: a cap to use instead of the derived one (tests).
    ///   - now: the clock requests are dated with, in milliseconds since 1970.
    ///   - tls: the peer's private CA and/or pin (`peer_tls:`), `nil` for the system store only.
    ///   - announced: the versions sent in each request (this build's, but in tests that play another version).
    public init(
        peer: MemberID, endpoint: URL, member: MemberID, key: MemberSigningKey, transport: any PeerTransport, timeout: Duration,
        pageBytes: Int = SyncSettings().pageBytes, maxAnswerBytes: Int? = nil,
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }, tls: PeerTLSSettings? = nil,
        announced: PeerVersion = .this(.current)
    ) {
        self.announced = announced
        self.now = now
        self.tls = tls
        self.maxAnswerBytes = maxAnswerBytes
        self.peer = peer
        self.endpoint = endpoint
        self.member = member
        self.key = key
        self.transport = transport
        self.timeout = timeout
        self.pageBytes = pageBytes
    }

    /// `GET /sync/v1/vector`.
    public func vector(timeout: Duration? = nil) async throws(Failure) -> VectorResponse {
        let cap = maxAnswerBytes ?? AnswerCap.vectorBytes
        let (body, version) = try await send(method: "GET", path: "/sync/v1/vector", body: [], cap: cap, timeout: timeout ?? self.timeout)
        guard var response = VectorResponse(bytes: body) else {
            throw Failure(kind: "protocol", message: "malformed vector answer", peerVersion: version)
        }
        response.peerVersion = version
        return response
    }

    /// `POST /sync/v1/pull`: one page of the commits `vector` lacks.
    /// - Parameters:
    ///   - origins: only commits of these origins (`nil`: all).
    ///   - timeout: this request's deadline when shorter than the client's (the round's time left).
    public func pull(
        after vector: VersionVector, limit: Int, origins: Set<MemberID>? = nil, timeout: Duration? = nil
    ) async throws(Failure) -> (PullResponse, bytes: Int) {
        let cap = maxAnswerBytes ?? AnswerCap.pullBytes(pageBytes: pageBytes, pageSize: limit)
        let (body, version) = try await send(
            method: "POST", path: "/sync/v1/pull", body: PullRequest(vector: vector, limit: limit, origins: origins).bytes, cap: cap,
            timeout: min(timeout ?? self.timeout, self.timeout), tooLarge: Self.pageTooLarge)
        guard var response = PullResponse(bytes: body) else {
            throw Failure(kind: "protocol", message: "malformed pull answer", peerVersion: version)
        }
        response.peerVersion = version
        return (response, body.count)
    }

    /// `POST /sync/v1/callers`: tells the peer which members pulled from this node (docs/PROTOCOL.md §15).
    /// A node older than the route answers 404, a ``Failure`` of kind `http` the caller may ignore.
    public func report(_ report: CallerReport, timeout: Duration? = nil) async throws(Failure) {
        _ = try await send(
            method: "POST", path: "/sync/v1/callers", body: report.bytes, cap: maxAnswerBytes ?? AnswerCap.vectorBytes,
            timeout: min(timeout ?? self.timeout, self.timeout))
    }

    private func send(
        method: String, path: String, body: [UInt8], cap: Int, timeout: Duration, tooLarge: String = smallAnswerTooLarge
    ) async throws(Failure) -> ([UInt8], PeerVersion) {
        guard let url = NodeEndpoint.url(path, at: endpoint) else {
            throw Failure(kind: "config", message: "bad endpoint \(endpoint): \(NodeEndpoint.rule)")
        }
        let signed: RequestSignature.Headers
        do {
            signed = try RequestSignature.sign(
                method: method, authority: RequestAuthority.of(endpoint) ?? "", path: path, body: body, member: member, key: key,
                created: now() / 1000, nonce: RequestSignature.newNonce())
        } catch {
            throw Failure(kind: "config", message: "cannot sign a request to \(endpoint): \(error)")
        }
        var headers = [
            (name: "Content-Digest", value: signed.contentDigest), (name: "Signature-Input", value: signed.signatureInput),
            (name: "Signature", value: signed.signature),
        ]
        if method == "POST" { headers.append((name: "Content-Type", value: "application/json")) }
        headers += announced.headers
        let answer: PeerAnswer
        do throws(PeerTransportFailure) {
            answer = try await transport.send(
                PeerRequest(method: method, url: url, headers: headers, body: body, tls: tls),
                bounds: AnswerBounds(maxBytes: cap, timeout: timeout))
        } catch {
            throw Failure(kind: error.kind.rawValue, message: error.message + (error.kind == .tooLarge ? tooLarge : ""))
        }
        // The version first: a peer of another major may answer anything, and the operator needs to know why.
        let version = PeerVersion(field: answer.header)
        let speaks = announced.effectiveProtocol
        if !speaks.isCompatible(with: version.effectiveProtocol) {
            throw Failure(
                kind: PeerVersion.incompatibleKind,
                message: speaks.incompatibility(with: version.effectiveProtocol, subject: "peer '\(peer)'"),
                peerVersion: version)
        }
        if var failure = AnswerCheck.failure(of: answer, target: url.absoluteString) {
            failure.peerVersion = version
            throw failure
        }
        return (answer.body, version)
    }

    /// What an operator can do about an answer beyond its cap, added to a `too-large` failure: a page's
    /// cap follows this node's `sync.page_bytes` (``AnswerCap``); the other answers are always small.
    static let pageTooLarge =
        "; a page must fit this node's cap, which follows its sync.page_bytes: if the peer is a Mosaic node set to a larger "
        + "sync.page_bytes, give every node the same value; otherwise the peer is misbehaving. Nothing of it was applied"
    static let smallAnswerTooLarge =
        "; this answer is a few kilobytes from a Mosaic node: check the member's endpoint (something else answers there). "
        + "Nothing of it was applied"

}
