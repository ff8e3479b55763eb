import Foundation
import MosaicCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Talks to one peer's sync endpoints with signed requests (URLSession, libcurl on Linux).
public struct PeerClient: Sendable {
    /// Why a request to a peer failed, by kind (kept in the peer's state and metrics).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let kind: String
        public let message: String
        public var description: String { "\(kind): \(message)" }
    }

    public let peer: MemberID
    public let endpoint: URL
    let member: MemberID
    let key: MemberSigningKey
    let timeout: TimeInterval
    /// The largest answer accepted; a larger one is refused as a protocol failure.
    let maxAnswerBytes: Int
    let session: URLSession
    let now: @Sendable () -> Int64

    /// The default bound on one answer: twice the largest page a node may be configured to send
    /// (JSON escaping of the commit strings), with room for the envelope.
    public static let defaultMaxAnswerBytes = 160 << 20

    /// - Parameters:
    ///   - now: the clock requests are dated with, in milliseconds since 1970.
    ///   - maxAnswerBytes: the largest answer accepted from the peer.
    public init(
        peer: MemberID, endpoint: URL, member: MemberID, key: MemberSigningKey, timeout: TimeInterval,
        maxAnswerBytes: Int = PeerClient.defaultMaxAnswerBytes,
        now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
    ) {
        self.now = now
        self.maxAnswerBytes = maxAnswerBytes
        self.peer = peer
        self.endpoint = endpoint
        self.member = member
        self.key = key
        self.timeout = timeout
        let configuration = URLSessionConfiguration.ephemeral
        // Pull answers are never reused: no cache (an in-memory cache would keep every page).
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 4
        session = URLSession(configuration: configuration)
    }

    /// `GET /sync/v1/vector`.
    public func vector() async throws(Failure) -> VectorResponse {
        let body = try await send(method: "GET", path: "/sync/v1/vector", body: [])
        guard let response = VectorResponse(bytes: body) else { throw Failure(kind: "protocol", message: "malformed vector answer") }
        return response
    }

    /// `POST /sync/v1/pull`: one page of the commits `vector` lacks.
    public func pull(after vector: VersionVector, limit: Int) async throws(Failure) -> (PullResponse, bytes: Int) {
        let body = try await send(method: "POST", path: "/sync/v1/pull", body: PullRequest(vector: vector, limit: limit).bytes)
        guard let response = PullResponse(bytes: body) else { throw Failure(kind: "protocol", message: "malformed pull answer") }
        return (response, body.count)
    }

    private func send(method: String, path: String, body: [UInt8]) async throws(Failure) -> [UInt8] {
        guard let url = URL(string: path, relativeTo: endpoint)?.absoluteURL else {
            throw Failure(kind: "config", message: "bad endpoint \(endpoint)")
        }
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = method
        let headers: RequestSignature.Headers
        do {
            headers = try RequestSignature.sign(
                method: method, authority: RequestAuthority.of(endpoint) ?? "", path: path, body: body, member: member, key: key,
                created: now() / 1000, nonce: RequestSignature.newNonce())
        } catch {
            throw Failure(kind: "config", message: "cannot sign a request to \(endpoint): \(error)")
        }
        request.setValue(headers.contentDigest, forHTTPHeaderField: "Content-Digest")
        request.setValue(headers.signatureInput, forHTTPHeaderField: "Signature-Input")
        request.setValue(headers.signature, forHTTPHeaderField: "Signature")
        if method == "POST" {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body)
        }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError {
            throw Failure(
                kind: error.code == .timedOut ? "timeout" : "unreachable",
                message: "\(endpoint.absoluteString): \(error.localizedDescription)")
        } catch {
            throw Failure(kind: "unreachable", message: "\(endpoint.absoluteString): \(error)")
        }
        guard let http = response as? HTTPURLResponse else { throw Failure(kind: "protocol", message: "not an HTTP answer") }
        guard http.statusCode == 200 else {
            let reason = String(decoding: data.prefix(300), as: UTF8.self)
            throw Failure(kind: http.statusCode == 401 ? "refused" : "http", message: "\(path) answered \(http.statusCode): \(reason)")
        }
        guard data.count <= maxAnswerBytes else {
            throw Failure(kind: "protocol", message: "\(path) answered \(data.count) bytes, beyond the limit of \(maxAnswerBytes)")
        }
        // An answer whose framing lies is refused even when the transport read past it.
        if http.value(forHTTPHeaderField: "Content-Encoding") == nil, let length = http.value(forHTTPHeaderField: "Content-Length"),
            Int(length) != data.count
        {
            throw Failure(kind: "protocol", message: "\(path) answered \(data.count) bytes under Content-Length: \(length.prefix(40))")
        }
        return Array(data)
    }
}
