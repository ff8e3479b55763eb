import Foundation

/// Who did something and when, as the API and the pages show it.
public struct Moment: Codable, Sendable, Hashable {
    public let at: String
    public let by: String

    init(millis: Int64, by: String) {
        at = Moment.rfc3339(millis)
        self.by = by
    }

    /// Milliseconds since 1970 as RFC 3339 UTC with milliseconds.
    public static func rfc3339(_ millis: Int64) -> String {
        Date(timeIntervalSince1970: Double(millis) / 1000).formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
