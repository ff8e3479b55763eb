import Foundation
import MosaicCore

/// The scripted hostile clients: every way a request to `/sync/v1/pull` or `/sync/v1/vector`
/// is bent, each named for what it tries.
enum HostileRequests {
    typealias Forge = RequestForge
    static let stranger = MemberSigningKey()

    static let all: [HostileRequestCase] = signatures + lookalikes + headers + bodies

    /// Unsigned, replayed, stale, forged and mis-addressed requests.
    static let signatures: [HostileRequestCase] = [
        .init("pull without any signature header", 401, "unsigned", "missing Signature-Input header") {
            $0.pull(headers: [])
        },
        .init("pull without the Signature header", 401, "unsigned", "missing Signature header") {
            $0.pull(headers: Forge.without("Signature", $0.signature()))
        },
        .init("pull without the Content-Digest header", 401, "unsigned", "missing Content-Digest header") {
            $0.pull(headers: Forge.without("Content-Digest", $0.signature()))
        },
        .init("vector request without any signature header", 401, "unsigned", "missing Signature-Input header") {
            $0.vector(headers: [])
        },
        .init("pull replayed byte for byte", 401, "replayed", "nonce already used") { forge in
            let request = forge.pull()
            return [request, request]
        },
        .init("vector request replayed byte for byte", 401, "replayed", "nonce already used") { forge in
            let request = forge.vector()
            return [request, request]
        },
        .init("nonce reused with a new body and a fresh signature", 401, "replayed", "nonce already used") { forge in
            let nonce = RequestSignature.newNonce()
            let other = Array(#"{"limit":5,"vector":{}}"#.utf8)
            return [
                forge.pull(headers: forge.signature(nonce: nonce)),
                forge.pull(body: other, headers: forge.signature(body: other, nonce: nonce)),
            ]
        },
        .init("old request replayed after the window", 401, "outside-window", "ago, outside the 300 s window") {
            $0.pull(headers: $0.signature(created: $0.now - 600))
        },
        .init("request dated in the future", 401, "outside-window", "in the future, outside the 300 s window") {
            $0.pull(headers: $0.signature(created: $0.now + 600))
        },
        .init("request dated the earliest RFC 8941 integer", 401, "outside-window", "ago, outside the 300 s window") {
            $0.pull(headers: $0.signature(created: -999_999_999_999_999))
        },
        .init("request dated the latest RFC 8941 integer", 401, "outside-window", "in the future, outside the 300 s window") {
            $0.pull(headers: $0.signature(created: 999_999_999_999_999))
        },
        .init("request dated Int64.min (past an RFC 8941 integer)", 401, "malformed-signature", "not an RFC 8941 dictionary") { forge in
            forge.pull(
                headers: Forge.changing("Signature-Input", forge.signature()) {
                    $0.replacingOccurrences(of: "created=\(forge.now)", with: "created=\(Int64.min)")
                })
        },
        .init("expired by its expires parameter", 401, "expired", "signature expired") { forge in
            forge.pull(headers: Forge.changing("Signature-Input", forge.signature()) { $0 + ";expires=\(forge.now - 1)" })
        },
        .init("created that is not a number", 401, "malformed-signature", "malformed Signature-Input") { forge in
            forge.pull(
                headers: Forge.changing("Signature-Input", forge.signature()) {
                    $0.replacingOccurrences(of: "created=", with: "created=0x")
                })
        },
        .init("signed with another key than the claimed member's", 401, "bad-signature", "does not verify with the key of 'beta'") {
            $0.pull(headers: $0.signature(key: stranger))
        },
        .init("forged signature bytes", 401, "bad-signature", "does not verify with the key of 'beta'") { forge in
            forge.pull(
                headers: Forge.changing("Signature", forge.signature()) { _ in
                    "mosaic=:\(Data(repeating: 7, count: 64).base64EncodedString()):"
                })
        },
        .init("signature that is not base64", 401, "malformed-signature", "malformed Signature") { forge in
            forge.pull(headers: Forge.changing("Signature", forge.signature()) { _ in "mosaic=:not*base64!:" })
        },
        .init("signature of the vector path sent to the pull path", 401, "bad-signature", "does not verify with the key of 'beta'") {
            $0.pull(headers: $0.signature("POST", Forge.vectorPath))
        },
        .init("signature of a GET sent as a POST", 401, "bad-signature", "does not verify with the key of 'beta'") {
            $0.pull(headers: $0.signature("GET"))
        },
        .init("claims to be the node itself, signed by the caller", 401, "bad-signature", "does not verify with the key of 'alpha'") {
            $0.pull(headers: $0.signature(claimed: "alpha"))
        },
    ]

    /// A keyid that is not a member of the directory, or only looks like one.
    static let lookalikes: [HostileRequestCase] = [
        ("unknown member", "gamma"), ("upper-case first letter", "Beta"), ("all upper case", "BETA"), ("trailing slash", "beta/"),
        ("Cyrillic e (U+0435)", "b\u{0435}ta"), ("Greek beta (U+03B2)", "\u{03B2}eta"), ("zero-width space inside", "be\u{200B}ta"),
        ("zero-width joiner at the end", "beta\u{200D}"), ("byte-order mark in front", "\u{FEFF}beta"), ("trailing space", "beta "),
        ("leading space", " beta"), ("trailing tab", "beta\t"), ("no-break space", "beta\u{00A0}"),
        ("fullwidth letters", "\u{FF42}\u{FF45}\u{FF54}\u{FF41}"),
        ("combining accent", "beta\u{0301}"), ("percent-encoded", "bet%61"),
    ].map { name, claimed in
        // An RFC 8941 string holds printable ASCII only: other lookalikes do not even parse.
        let ascii = claimed.utf8.allSatisfy { (0x20...0x7E).contains($0) }
        return HostileRequestCase(
            "lookalike keyid: \(name)", 401, ascii ? "unknown-member" : "malformed-signature",
            ascii ? "unknown member" : "not an RFC 8941 dictionary"
        ) {
            $0.pull(headers: $0.signature(claimed: claimed))
        }
    }

    /// Headers altered, duplicated, or with more in them than the one label allowed.
    static let headers: [HostileRequestCase] = [
        .init("body altered after signing", 401, "digest-mismatch", "Content-Digest does not match") { forge in
            forge.pull(body: Array(#"{"limit":99,"vector":{}}"#.utf8), headers: forge.signature())
        },
        .init("digest of another algorithm", 401, "digest-mismatch", "Content-Digest does not match") { forge in
            forge.pull(headers: Forge.changing("Content-Digest", forge.signature()) { "sha-512=:" + $0.dropFirst("sha-256=:".count) })
        },
        // Field lines combine into one dictionary and a repeated label keeps its last value (RFC 8941 §4.2.2).
        .init("Signature header duplicated with another request's signature", 401, "bad-signature", "does not verify") { forge in
            let first = forge.signature(), second = forge.signature()
            return forge.pull(headers: first + second.filter { $0.0 == "Signature" })
        },
        .init("Signature-Input header duplicated with another nonce", 401, "bad-signature", "does not verify") { forge in
            let first = forge.signature(), second = forge.signature()
            return forge.pull(headers: first + second.filter { $0.0 == "Signature-Input" })
        },
        .init("Content-Digest header duplicated", 401, "digest-mismatch", "Content-Digest does not match") { forge in
            let first = forge.signature()
            return forge.pull(headers: first + first.filter { $0.0 == "Content-Digest" })
        },
        .init("a weaker signature labelled mosaic beside the real one", 401, "not-covered", "does not cover \"@authority\"") { forge in
            forge.pull(
                headers: Forge.changing("Signature-Input", forge.signature()) {
                    "sig1=" + $0.dropFirst("mosaic=".count) + #", mosaic=("@method" "@path" "content-digest");created=1;keyid="beta""#
                })
        },
        .init("a label in Signature-Input that Signature lacks", 401, "malformed-signature", "malformed Signature: expected sig1=") {
            forge in
            forge.pull(headers: Forge.changing("Signature-Input", forge.signature()) { "sig1=" + $0.dropFirst("mosaic=".count) })
        },
        .init("an extra covered component", 401, "malformed-signature", "which Mosaic does not resolve") { forge in
            forge.pull(
                headers: Forge.changing("Signature-Input", forge.signature()) {
                    $0.replacingOccurrences(of: #""content-digest")"#, with: #""content-digest" "content-type")"#)
                })
        },
        .init("an unknown signature parameter added after signing", 401, "bad-signature", "does not verify") { forge in
            forge.pull(headers: Forge.changing("Signature-Input", forge.signature()) { $0 + ";tag=\"later\"" })
        },
        .init("the authority not covered", 401, "not-covered", "does not cover \"@authority\"") { forge in
            forge.pull(
                headers: Forge.changing("Signature-Input", forge.signature()) { $0.replacingOccurrences(of: #" "@authority""#, with: "") })
        },
        .init("no alg parameter", 401, "malformed-signature", "has no alg parameter") { forge in
            forge.pull(
                headers: Forge.changing("Signature-Input", forge.signature()) { $0.replacingOccurrences(of: #";alg="ed25519""#, with: "") })
        },
        .init("a nonce too short to be unique", 401, "malformed-signature", "the nonce must be 16 to 64") {
            $0.pull(headers: $0.signature(nonce: "short"))
        },
        .init("wrong content type", 415, "media-type", "Content-Type: application/json") { $0.pull(contentType: "text/plain") },
        .init("no content type", 415, "media-type", "Content-Type: application/json") { $0.pull(contentType: nil) },
        .init("lookalike content type", 415, "media-type", "Content-Type: application/json") { $0.pull(contentType: "application/jsonx") },
    ]

    /// Signed requests whose bodies are too big, too deep, ambiguous or out of range.
    static let bodies: [HostileRequestCase] = [
        .init("body over the limit, announced", 413, "too-large", "exceeds the limit") { forge in
            forge.pull(body: Array(repeating: UInt8(ascii: " "), count: (1 << 20) + 10))
        },
        .init("body over the limit, chunked without a length", 413, "too-large", "exceeds the limit") { forge in
            let body = Array(repeating: UInt8(ascii: " "), count: (1 << 20) + 10)
            var head = "POST \(Forge.pullPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
            for (name, value) in forge.signature(body: body) { head += "\(name): \(value)\r\n" }
            head += "Transfer-Encoding: chunked\r\n\r\n"
            let chunk = Array(String(body.count, radix: 16).utf8) + Array("\r\n".utf8) + body + Array("\r\n0\r\n\r\n".utf8)
            return Array(head.utf8) + chunk
        },
        .init("negative limit", 400, "bad-body", "expected {") { $0.signedPull(#"{"limit":-5,"vector":{}}"#) },
        .init("zero limit", 400, "bad-body", "expected {") { $0.signedPull(#"{"limit":0,"vector":{}}"#) },
        .init("limit above 10,000", 400, "bad-body", "expected {") { $0.signedPull(#"{"limit":10001,"vector":{}}"#) },
        .init("limit beyond 64 bits", 400, "bad-body", "expected {") { $0.signedPull(#"{"limit":99999999999999999999,"vector":{}}"#) },
        .init("limit as a fraction", 400, "bad-body", "expected {") { $0.signedPull(#"{"limit":1.5,"vector":{}}"#) },
        .init("limit as a string", 400, "bad-body", "expected {") { $0.signedPull(#"{"limit":"10","vector":{}}"#) },
        .init("negative sequence in the vector", 400, "bad-body", "expected {") { $0.signedPull(#"{"limit":10,"vector":{"alpha":-1}}"#) },
        .init("vector sequence beyond 64 bits", 400, "bad-body", "expected {") {
            $0.signedPull(#"{"limit":10,"vector":{"alpha":99999999999999999999}}"#)
        },
        .init("lookalike member id in the vector", 400, "bad-body", "expected {") {
            $0.signedPull(#"{"limit":10,"vector":{"Alpha":1}}"#)
        },
        .init("JSON nested 10,000 deep", 400, "bad-body", "expected {") { forge in
            forge.signedPull(
                #"{"limit":10,"vector":"# + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}")
        },
        .init("duplicate JSON key", 400, "bad-body", "expected {") { $0.signedPull(#"{"limit":10,"limit":10000,"vector":{}}"#) },
        .init("extra key in the body", 400, "bad-body", "expected {") { $0.signedPull(#"{"limit":10,"vector":{},"all":true}"#) },
        .init("body that is not JSON", 400, "bad-body", "expected {") { $0.signedPull("limit=10") },
        .init("body with invalid UTF-8", 400, "bad-body", "expected {") { forge in
            forge.pull(body: Array(#"{"limit":10,"vector":{""#.utf8) + [0xC3, 0x28] + Array(#"":1}}"#.utf8))
        },
    ]
}
