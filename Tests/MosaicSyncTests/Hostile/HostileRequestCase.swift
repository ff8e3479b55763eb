import Foundation
import MosaicCore
import Testing

/// One scripted hostile request to a live node's sync endpoints: the raw requests it sends
/// (all but the last are honest set-ups that must be answered 200), and how the last one must
/// be refused: HTTP status, the metrics reason label, and a phrase of the answer.
struct HostileRequestCase: Sendable, CustomTestStringConvertible {
    let name: String
    let status: Int
    let reason: String
    let message: String
    let requests: @Sendable (RequestForge) -> [[UInt8]]

    var testDescription: String { name }

    init(_ name: String, _ status: Int, _ reason: String, _ message: String, _ requests: @escaping @Sendable (RequestForge) -> [[UInt8]]) {
        self.name = name
        self.status = status
        self.reason = reason
        self.message = message
        self.requests = requests
    }

    /// A case of one refused request.
    init(_ name: String, _ status: Int, _ reason: String, _ message: String, one request: @escaping @Sendable (RequestForge) -> [UInt8]) {
        self.init(name, status, reason, message) { [request($0)] }
    }
}

/// Writes requests as a member of the test network would, and lets a case bend any part of them.
struct RequestForge: Sendable {
    /// Seconds since 1970 on the node's clock.
    let now: Int64
    static let pullPath = "/sync/v1/pull", vectorPath = "/sync/v1/vector"
    static let pullBody = Array(#"{"limit":10,"vector":{}}"#.utf8)
    static let caller = MemberID("beta")!

    /// The three signature headers of a request signed with `key` (the caller's by default), with
    /// `keyid` written exactly as `claimed` (a lookalike id stays as it is).
    func signature(
        _ method: String = "POST", _ path: String = pullPath, body: [UInt8] = pullBody, claimed: String = "beta",
        key: MemberSigningKey = DemoKeys.signingKey(for: caller), created: Int64? = nil, nonce: String = RequestSignature.newNonce()
    ) -> [(String, String)] {
        // RawHTTP sends `Host: 127.0.0.1`; the live node has no endpoint, so that is its authority.
        let headers = try! RequestSignature.sign(
            method: method, authority: "127.0.0.1", path: path, body: body, member: Self.caller, key: key, created: created ?? now,
            nonce: nonce)
        return [
            ("Content-Digest", headers.contentDigest),
            ("Signature-Input", headers.signatureInput.replacingOccurrences(of: "keyid=\"beta\"", with: "keyid=\"\(claimed)\"")),
            ("Signature", headers.signature),
        ]
    }

    /// A complete pull request: JSON content type, `headers` (a signature by default), `body`.
    func pull(body: [UInt8] = pullBody, headers: [(String, String)]? = nil, contentType: String? = "application/json") -> [UInt8] {
        var all: [(String, String)] = contentType.map { [("Content-Type", $0)] } ?? []
        all += headers ?? signature(body: body)
        return RawHTTP.request("POST", Self.pullPath, headers: all, body: body)
    }

    /// A signed pull of `text` as its body.
    func signedPull(_ text: String) -> [UInt8] { pull(body: Array(text.utf8)) }

    /// A complete vector request with `headers` (a signature by default).
    func vector(headers: [(String, String)]? = nil) -> [UInt8] {
        RawHTTP.request("GET", Self.vectorPath, headers: headers ?? signature("GET", Self.vectorPath, body: []), body: [])
    }

    /// `headers` with the one named `name` removed.
    static func without(_ name: String, _ headers: [(String, String)]) -> [(String, String)] { headers.filter { $0.0 != name } }

    /// `headers` with the value of `name` replaced by `change` of it.
    static func changing(_ name: String, _ headers: [(String, String)], _ change: (String) -> String) -> [(String, String)] {
        headers.map { $0.0 == name ? ($0.0, change($0.1)) : $0 }
    }
}
