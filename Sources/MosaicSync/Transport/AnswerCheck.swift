import Foundation
import MosaicCore

/// Holds a peer's answer to the protocol and says what an unexpected one looks like: a redirect
/// names its `Location` (never followed, so the signed request is never re-sent), a wrong status
/// or media type names both and what the body looks like ("200 text/html: looks like a login
/// page or a proxy (captive portal?)").
enum AnswerCheck {
    /// The failure `answer` to `target` (the URL asked) is, or `nil` when it is a 200 `application/json` answer.
    static func failure(of answer: PeerAnswer, target: String) -> PeerClient.Failure? {
        let contentType = answer.header("Content-Type")
        let shown = contentType.flatMap { $0.isEmpty ? nil : String(sanitised($0).prefix(80)) } ?? "no Content-Type"
        if (300..<400).contains(answer.status) {
            let location = answer.header("Location").map { String(sanitised($0).prefix(300)) } ?? "no Location"
            return PeerClient.Failure(
                kind: "redirect",
                message:
                    "\(target) answered \(answer.status) redirecting to \(location): redirects are not followed (a signed request is never re-sent); "
                    + "if the node moved, change the member's endpoint")
        }
        if answer.status == 200, let contentType, isJSON(contentType) { return nil }
        let looks = looksLike(answer.body, contentType: contentType)
        if answer.status == 200 {
            return PeerClient.Failure(
                kind: "unexpected", message: "\(target) answered 200 \(shown), not application/json: \(looks)")
        }
        return PeerClient.Failure(
            kind: answer.status == 401 ? "refused" : "http", message: "\(target) answered \(answer.status) \(shown): \(looks)")
    }

    /// Whether a Content-Type is exactly `application/json`, parameters (such as charset) allowed
    /// (RFC 9110 §8.3.1: type and subtype are case-insensitive).
    static func isJSON(_ contentType: String) -> Bool {
        let essence = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return essence.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }

    /// A short description of a body: HTML (a login page or proxy), a JSON error's reason, text
    /// (its start, quoted), binary, or empty.
    static func looksLike(_ body: [UInt8], contentType: String?) -> String {
        if body.isEmpty { return "an empty body" }
        let head = String(decoding: body.prefix(512), as: UTF8.self)
        let lower = head.lowercased()
        let type = contentType?.lowercased() ?? ""
        if type.contains("html") || lower.contains("<html") || lower.contains("<!doctype html") {
            return "looks like a login page or a proxy (captive portal?): an HTML page \"\(excerpt(head))\""
        }
        if let object = (try? JSONParser.parse(body.prefix(4096)))?.objectValue {
            let reason = object["reason"]?.stringValue ?? object["error"]?.stringValue ?? object["message"]?.stringValue
            return reason.map { "a JSON error: \(sanitised(String($0.prefix(300))))" } ?? "a JSON object \"\(excerpt(head))\""
        }
        let printable = body.prefix(512).allSatisfy { $0 >= 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        return printable ? "text \"\(excerpt(head))\"" : "\(body.count) bytes of binary data"
    }

    private static func excerpt(_ text: String) -> String {
        let flat = sanitised(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return flat.count > 160 ? String(flat.prefix(160)) + "…" : flat
    }

    /// Control characters removed, so a peer's text cannot forge log lines.
    private static func sanitised(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }
}
