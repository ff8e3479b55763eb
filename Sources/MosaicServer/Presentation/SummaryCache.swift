import Foundation
import Synchronization

/// Record summaries already built, by row and language, each with the hash of the view it came
/// from: a listing reads and decodes only the views it has not summarised yet (reading the view
/// column and parsing its JSON were a third of a catalogue page's time at 100,000 records).
/// A changed record has a new view hash, so a stale summary is never shown.
final class SummaryCache: Sendable {
    private struct Key: Hashable {
        let rowID: Int64
        let language: UILanguage
    }

    private struct Entry {
        let hash: Data
        let summary: RecordSummary
    }

    /// Summaries kept (about half a kilobyte each); the cache starts over when full.
    static let capacity = 20_000
    private let entries = Mutex<[Key: Entry]>([:])

    /// The summary of row `rowID` in `language` if it was built from the view with `hash`.
    func summary(_ rowID: Int64, hash: Data, language: UILanguage) -> RecordSummary? {
        guard let entry = entries.withLock({ $0[Key(rowID: rowID, language: language)] }), entry.hash == hash else { return nil }
        return entry.summary
    }

    /// Keeps `summary`, built from the view of row `rowID` with `hash`.
    func keep(_ summary: RecordSummary, rowID: Int64, hash: Data, language: UILanguage) {
        guard !hash.isEmpty else { return }
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[Key(rowID: rowID, language: language)] = Entry(hash: hash, summary: summary)
        }
    }
}
