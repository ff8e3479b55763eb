import MosaicCore
import MosaicStore

/// A search as typed: either refused because it holds no word, or run against the full-text
/// index as a safe expression (quoted prefix words only, whatever SQL or FTS syntax it holds),
/// returning at most the limit of records, and changing nothing.
enum SearchTarget {
    static func run(_ bytes: [UInt8], in fixture: FuzzFixture) async throws -> FuzzVerdict {
        let text = String(decoding: bytes, as: UTF8.self)
        let before = try await StoreSnapshot.take(fixture.catalogue)
        let verdict: FuzzVerdict
        do {
            let expression = try SearchQuery.expression(for: text)
            let words = expression.split(separator: " ")
            try require(!words.isEmpty && words.count <= 16, "an expression of \(words.count) words")
            for word in words {
                try require(
                    word.hasPrefix("\"") && word.hasSuffix("\"*") && word.count >= 4 && !word.dropFirst().dropLast(2).contains("\""),
                    "an unsafe search word \(word)")
            }
            let records = try await fixture.catalogue.search(text, limit: 50)
            try require(records.count <= 50, "\(records.count) results for a limit of 50")
            verdict = .applied
        } catch let failure as SearchQuery.Failure {
            verdict = .rejected(failure.description)
        }
        let after = try await StoreSnapshot.take(fixture.catalogue)
        try require(after == before, "a search changed the store")
        return verdict
    }
}
