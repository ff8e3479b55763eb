import MosaicCore
import MosaicStore

/// A search as typed: either refused because it holds no word, or run against the full-text
/// index as a safe expression (quoted prefix words only, whatever SQL or FTS syntax it holds),
/// returning at most the limit of records, and changing nothing.
enum SearchTarget {
    static func run(_ bytes: [UInt8], in fixture: FuzzFixture) async throws -> FuzzVerdict {
        let text = String(decoding: bytes, as: UTF8.self)
        return try await fixture.reading { try await search(text, in: fixture) }
    }

    private static func search(_ text: String, in fixture: FuzzFixture) async throws -> FuzzVerdict {
        do {
            let expression = try SearchQuery.expression(for: text)
            let words = expression.split(separator: " ")
            try require(!words.isEmpty && words.count <= 16, "an expression of \(words.count) words")
            for word in words {
                // Scalars, not characters: a word may start with a combining mark, which joins the quote.
                let scalars = Array(word.unicodeScalars)
                try require(
                    scalars.count >= 4 && scalars.first == "\"" && scalars.suffix(2) == ["\"", "*"]
                        && !scalars.dropFirst().dropLast(2).contains("\""), "an unsafe search word \(word)")
            }
            let records = try await fixture.catalogue.search(text, limit: 50)
            try require(records.count <= 50, "\(records.count) results for a limit of 50")
            return .applied
        } catch let failure as SearchQuery.Failure {
            return .rejected(failure.description)
        }
    }
}
