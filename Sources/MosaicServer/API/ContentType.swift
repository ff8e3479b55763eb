import Foundation
import Hummingbird

/// The one check of a request body's media type (RFC 9110 section 8.3.1): the type and subtype are
/// matched exactly (case-insensitively), parameters such as `charset` are allowed; so
/// `application/json; charset=utf-8` is JSON and `application/jsonx` or `text/json` is not.
/// Parsing is Hummingbird's `MediaType`.
enum ContentType {
    /// Whether `header` (a `Content-Type` value) names exactly `type`/`subtype`, with any parameters.
    static func matches(_ header: String?, _ type: MediaType.Category, _ subtype: String) -> Bool {
        guard let header, let media = MediaType(from: header) else { return false }
        // Whitespace before a `;` is allowed (OWS), and Hummingbird keeps it in the subtype.
        return media.type == type && media.subType.trimmingCharacters(in: .whitespaces) == subtype.lowercased()
    }

    /// Whether `header` names `application/json`, with any parameters.
    static func isJSON(_ header: String?) -> Bool { matches(header, .application, "json") }

    /// Whether `header` names `application/x-www-form-urlencoded`, with any parameters.
    static func isForm(_ header: String?) -> Bool { matches(header, .application, "x-www-form-urlencoded") }
}
