import Foundation

/// The `updated` column of an export: when the record last changed, as an RFC 3339 UTC time to
/// the millisecond (`2026-11-30T08:54:41.512Z`), readable in a spreadsheet and exact enough for
/// an import to tell whether the record changed after the export (``RecordDraft/exportedChange``).
public enum ExportStamp {
    /// `millis` (Unix milliseconds) as an export writes it.
    public static func text(_ millis: Int64) -> String {
        Date(timeIntervalSince1970: Double(millis) / 1000).formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The Unix milliseconds of an `updated` cell; `nil` for an absent or empty one. Takes RFC 3339
    /// with or without fractional seconds, and the whole milliseconds older exports wrote.
    /// - Throws: ``DraftError`` naming the line, for any other text.
    public static func millis(_ text: String?, line: Int) throws(DraftError) -> Int64? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let millis = Int64(text), millis >= 0 { return millis }
        let styles = [Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle()]
        for style in styles {
            if let date = try? style.parse(text) { return Int64((date.timeIntervalSince1970 * 1000).rounded()) }
        }
        throw DraftError(
            line: line,
            message: "updated '\(text.prefix(40))' is not a time as `mosaic export` writes it (2026-11-30T08:54:41.512Z); "
                + "empty the cell to import the row whatever the record's last change")
    }
}
