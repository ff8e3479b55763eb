import Foundation
import MosaicCore

/// The signature headers of a sync request. The input is five lines (method, path,
/// Content-Digest, Signature-Input, Signature) and then the body. Verification either refuses,
/// or names a member of the directory with a nonce and a time inside the window; and a request
/// that verifies no longer does once its path or body changes.
enum SignatureTarget {
    /// The verifier's clock (seconds) and window.
    static let now = FuzzFixture.nowMillis / 1000
    static let window: Int64 = 300
    /// The node the fuzzed requests are addressed to (its endpoint), and its `@authority`.
    static let node = URL(string: "http://node.test:8080")!, authority = "node.test:8080"

    static func run(_ bytes: [UInt8], in fixture: FuzzFixture) throws -> FuzzVerdict {
        let (method, path, headers, body) = split(bytes)
        let verified: RequestSignature.Verified
        do {
            verified = try RequestSignature.verify(
                method: method, authority: authority, path: path, body: body, headers: headers, directory: fixture.directory, node: node,
                now: now, window: window)
        } catch {
            return .rejected(error.description)
        }
        try require(fixture.directory[verified.member] != nil, "verified a request of unknown '\(verified.member)'")
        try require(headers.signatureInput.contains("keyid=\"\(verified.member.rawValue)\""), "verified a member the request does not name")
        try require(abs(verified.created - now) <= window, "verified a request created at \(verified.created), outside the window")
        try require((16...64).contains(verified.nonce.utf8.count), "verified a nonce of \(verified.nonce.utf8.count) bytes")
        func refuses(method: String, authority: String = authority, path: String, body: [UInt8]) -> Bool {
            (try? RequestSignature.verify(
                method: method, authority: authority, path: path, body: body, headers: headers, directory: fixture.directory, node: nil,
                now: now, window: window)) == nil
        }
        try require(refuses(method: method, path: path + "x", body: body), "a signature still verifies on another path")
        try require(refuses(method: method, path: path, body: body + [0x20]), "a signature still verifies on another body")
        try require(refuses(method: method + "X", path: path, body: body), "a signature still verifies for another method")
        try require(refuses(method: method, authority: "other.test", path: path, body: body), "a signature still verifies at another node")
        return .applied
    }

    /// The five header lines and the body (what follows the fifth line break).
    static func split(_ bytes: [UInt8]) -> (String, String, RequestSignature.Headers, [UInt8]) {
        var lines: [String] = []
        var start = 0
        var index = 0
        while lines.count < 5, index < bytes.count {
            if bytes[index] == 0x0A {
                lines.append(String(decoding: bytes[start..<index], as: UTF8.self))
                start = index + 1
            }
            index += 1
        }
        let body = lines.count == 5 ? Array(bytes[start...]) : []
        if lines.count < 5 { lines.append(String(decoding: bytes[start...], as: UTF8.self)) }
        while lines.count < 5 { lines.append("") }
        return (lines[0], lines[1], RequestSignature.Headers(contentDigest: lines[2], signatureInput: lines[3], signature: lines[4]), body)
    }

    /// The input form of a request signed now by `member`.
    static func input(method: String, path: String, body: [UInt8], member: MemberID, created: Int64 = now, nonce: String) -> [UInt8] {
        // The fixture's ids, nonces and times are ASCII and in range.
        let headers = try! RequestSignature.sign(
            method: method, authority: authority, path: path, body: body, member: member, key: FuzzFixture.key(member), created: created,
            nonce: nonce)
        return Array("\(method)\n\(path)\n\(headers.contentDigest)\n\(headers.signatureInput)\n\(headers.signature)\n".utf8) + body
    }
}
