import GRDB

extension NodeCatalogue {
    /// The records whose text matches `query`, best match first (see ``CatalogueStore/ranking(_:)``).
    /// - Throws: ``SearchQuery/Failure`` when `query` holds no word.
    public func ranking(_ query: String) async throws -> SearchRanking { try await store.ranking(query) }

    /// `ranking` brought up to date with the records written since it was read (see ``CatalogueStore/update(_:of:limit:)``).
    /// - Throws: ``SearchQuery/Failure`` when `query` holds no word.
    public func update(_ ranking: SearchRanking, of query: String, limit: Int) async throws -> SearchRanking? {
        try await store.update(ranking, of: query, limit: limit)
    }
}

extension CatalogueStore {
    /// The records whose text matches `query`, best match first (as a relevance listing orders them),
    /// with the write stamp they are up to date with.
    /// - Throws: ``SearchQuery/Failure`` when `query` holds no word.
    func ranking(_ query: String) async throws -> SearchRanking {
        let expression = try SearchQuery.expression(for: query)
        return try await writer.read { db in
            var matches: [SearchRanking.Match] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT rowid, rank FROM record_search WHERE record_search MATCH ? ORDER BY rank, rowid", arguments: [expression])
            while let row = try rows.next() { matches.append(SearchRanking.Match(rowID: row[0], rank: row[1])) }
            return SearchRanking(touched: try NodeCatalogue.touched(db), matches: matches)
        }
    }

    /// `ranking` brought up to date with the records written since it was read: those no longer
    /// in it, and those that match now with their rank. `nil` when more than `limit` records were
    /// written (ranking again is then cheaper). The ranks of the other records are kept as they
    /// were (the index's global statistics move a little with every write; the order barely).
    /// - Throws: ``SearchQuery/Failure`` when `query` holds no word.
    func update(_ ranking: SearchRanking, of query: String, limit: Int) async throws -> SearchRanking? {
        let expression = try SearchQuery.expression(for: query)
        return try await writer.read { db in
            let written = try Int64.fetchAll(
                db, sql: "SELECT rowid FROM record WHERE touched > ? ORDER BY touched LIMIT ?", arguments: [ranking.touched, limit + 1])
            guard written.count <= limit else { return nil }
            let touched = try NodeCatalogue.touched(db)
            guard !written.isEmpty else { return SearchRanking(touched: touched, matches: ranking.matches) }
            let placeholders = Array(repeating: "?", count: written.count).joined(separator: ", ")
            let fresh = try Row.fetchAll(
                db, sql: "SELECT rowid, rank FROM record_search WHERE record_search MATCH ? AND rowid IN (\(placeholders))",
                arguments: StatementArguments(
                    [expression as any DatabaseValueConvertible] + written.map { $0 as any DatabaseValueConvertible })
            ).map { SearchRanking.Match(rowID: $0[0], rank: $0[1]) }
            return ranking.replacing(Set(written), with: fresh, touched: touched)
        }
    }
}

/// A search's matching records, best first, as of a write stamp (see ``CatalogueStore/ranking(_:)``).
public struct SearchRanking: Sendable {
    /// One match and its rank (FTS5's `rank`: lower is better).
    public struct Match: Sendable, Equatable {
        public let rowID: Int64
        public let rank: Double

        public init(rowID: Int64, rank: Double) {
            self.rowID = rowID
            self.rank = rank
        }

        func precedes(_ other: Match) -> Bool { (rank, rowID) < (other.rank, other.rowID) }
    }

    /// The largest write stamp when read.
    public let touched: Int64
    public let matches: [Match]

    public init(touched: Int64, matches: [Match]) {
        self.touched = touched
        self.matches = matches
    }

    /// The ranking without the records `written`, with `fresh` (their matches now) in their places.
    func replacing(_ written: Set<Int64>, with fresh: [Match], touched: Int64) -> SearchRanking {
        var matches = self.matches.filter { !written.contains($0.rowID) }
        for match in fresh {
            var low = 0, high = matches.count
            while low < high {
                let middle = (low + high) / 2
                if matches[middle].precedes(match) { low = middle + 1 } else { high = middle }
            }
            matches.insert(match, at: low)
        }
        return SearchRanking(touched: touched, matches: matches)
    }
}
