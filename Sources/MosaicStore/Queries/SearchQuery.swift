import MosaicCore

/// Turns what a person types into a safe FTS5 query: words only, folded as the index is
/// (``SearchFolding``), each quoted and used as a prefix, all required. Operators, quotes, `*`,
/// `NEAR`, `-` and SQL fragments are plain text.
public enum SearchQuery {
    /// Most words taken from one query.
    static let maxWords = 16

    /// Why a query cannot run.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// The FTS5 MATCH expression for `text`.
    /// - Throws: ``Failure`` when `text` holds no word to search for.
    public static func expression(for text: String) throws(Failure) -> String {
        let words = words(in: SearchFolding.fold(text))
        guard !words.isEmpty else {
            throw Failure(description: "nothing to search for in '\(text.prefix(80))': type at least one word of letters or digits")
        }
        return words.map { "\"\($0)\"*" }.joined(separator: " ")
    }

    /// Runs of letters and digits (any script), at most ``maxWords``, each at most 64 characters.
    static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar.properties.generalCategory == .nonspacingMark
            {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.prefix(maxWords).map { String($0.prefix(64)) }
    }
}
