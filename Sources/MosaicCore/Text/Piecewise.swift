import Foundation

/// Applies a normalisation-based transform to a long text in pieces of whole characters (grapheme
/// clusters): Unicode normalisation never reaches across a character boundary, so the result is
/// the same as transforming the whole text, and the cost stays linear. Foundation's normalisation
/// of one long string grows its buffer step by step (quadratic: minutes for a few megabytes).
enum Piecewise {
    /// Characters transformed at a time.
    static let pieceLength = 256

    /// `transform` of every piece of `text`, joined.
    static func map(_ text: String, _ transform: (Substring) -> String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var start = text.startIndex
        while start < text.endIndex {
            let end = text.index(start, offsetBy: pieceLength, limitedBy: text.endIndex) ?? text.endIndex
            result += transform(text[start..<end])
            start = end
        }
        return result
    }
}
