import Foundation

/// Unicode Normalization Form C (canonical composition, UAX #15): the one form of every text and
/// tag this node writes, and the form in which stored text is indexed and compared, so that
/// canonically equivalent strings (`é` as U+00E9 and as `e` U+0301, as macOS types it) are one.
///
/// Commits signed by peers are never re-encoded: their values are normalised where they are
/// indexed and compared (facets, filters, search), never in the commit bytes.
public enum NormalForm {
    /// `text` in NFC; the same string when it already is (ASCII always is). Linear in the length
    /// of `text` (``Piecewise``).
    public static func nfc(_ text: String) -> String {
        // ASCII is its own NFC: skip Foundation's copy for the common case.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        return Piecewise.map(text) { $0.precomposedStringWithCanonicalMapping }
    }

    /// `text` as this node writes it: line ends as LF (CR LF from Windows and from every browser's
    /// `<textarea>`, and a lone CR from old Mac files, are each one LF), then NFC. Only text this
    /// node signs goes through it; a peer's values are compared with ``nfc(_:)``.
    public static func written(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return nfc(text) }
        return nfc(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
    }

    /// Whether `text` is in NFC, compared byte for byte.
    public static func isNFC(_ text: String) -> Bool {
        Array(nfc(text).utf8) == Array(text.utf8)
    }
}
