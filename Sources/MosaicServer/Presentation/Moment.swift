import Foundation

/// Who did something and when, as the API and the pages show it.
struct Moment: Codable, Sendable, Hashable {
    let at: String
    let by: String

    init(millis: Int64, by: String) {
        at = Moment.rfc3339(millis)
        self.by = by
    }

    /// Milliseconds since 1970 as RFC 3339 UTC with milliseconds.
    static func rfc3339(_ millis: Int64) -> String {
        Date(timeIntervalSince1970: Double(millis) / 1000).formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// A short human form, `2026-11-29 06:00 UTC`.
    static func short(_ millis: Int64) -> String { short(rfc3339(millis)) }

    /// The short human form of an RFC 3339 moment written by ``rfc3339(_:)``.
    static func short(_ text: String) -> String {
        text.count >= 16 ? text.prefix(10) + " " + text.dropFirst(11).prefix(5) + " UTC" : text
    }
}
