import Foundation
import GRDB
import MosaicCore

/// How a listing is ordered.
public enum ListingSort: String, Sendable, Hashable, CaseIterable {
    /// Best matches first (searches only; a plain listing falls back to title).
    case relevance
    /// By title.
    case title
    /// Most recently changed first.
    case changed
}

/// One record of a listing page: its row, the hash of its view, and the view unless the caller already had it.
public struct ListingRow: Sendable {
    public let rowID: Int64
    public let viewHash: Data
    /// `nil` when the caller said it holds the view of this hash (see ``NodeCatalogue/listing(query:filter:sort:limit:offset:counting:known:)``).
    public let view: RecordView?
}

/// One page of a listing or search, with how many records match in all.
public struct ListingPage: Sendable {
    public let rows: [ListingRow]
    /// How many records match in all, when counted.
    public let total: Int?

    /// The views read for this page.
    public var views: [RecordView] { rows.compactMap(\.view) }
}

/// How many matching records have each value of a facet.
public struct FacetCount: Sendable, Hashable {
    public let value: String
    public let count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}

/// The facets a catalogue listing counts, in display order.
public enum CatalogueFacet: String, Sendable, Hashable, CaseIterable {
    case type, member, country, theme, status, language
}

extension NodeCatalogue {
    /// A page of records matching `query` (full text, optional) and `filter`.
    /// - Throws: ``SearchQuery/Failure`` when `query` is given but holds no word.
    /// - Parameters:
    ///   - counting: whether to count every match too (skip it when the count is cached).
    ///   - known: whether the caller already holds what it needs of the view with this rowid and hash;
    ///     those views are neither read nor decoded (the large column and its JSON are most of a page's cost).
    public func listing(
        query: String?, filter: RecordFilter, sort: ListingSort, limit: Int, offset: Int, counting: Bool = true,
        known: (@Sendable (Int64, Data) -> Bool)? = nil
    ) async throws -> ListingPage {
        let expression = try query.map { text throws(SearchQuery.Failure) in try SearchQuery.expression(for: text) }
        let (conditions, arguments) = filter.sql
        let order: String
        switch (sort, expression) {
        case (.relevance, .some): order = "s.rank, r.id"
        case (.changed, _): order = "r.updated_wall DESC, r.updated_counter DESC, r.id"
        default: order = "r.title, r.id"
        }
        let source =
            expression == nil
            ? "FROM record r WHERE \(conditions.joined(separator: " AND "))"
            // CROSS JOIN keeps the full-text index as the outer loop: SQLite would otherwise walk every
            // record and query the index once per row (seconds at 20,000 records for a count).
            : "FROM record_search s CROSS JOIN record r ON r.rowid = s.rowid WHERE record_search MATCH ? AND \(conditions.joined(separator: " AND "))"
        let sourceArguments: StatementArguments = expression.map { [$0] + arguments } ?? arguments
        return try await store.writer.read { db in
            // Order and page on small columns; read the (large) views of the page's rows only.
            let found = try Row.fetchAll(
                db, sql: "SELECT r.rowid, r.view_hash \(source) ORDER BY \(order) LIMIT ? OFFSET ?", arguments: sourceArguments + [limit, offset])
            let rows = try Self.listingRows(db, found.map { ($0[0], $0[1] ?? Data()) }, known: known)
            let total = counting ? try Int.fetchOne(db, sql: "SELECT COUNT(*) \(source)", arguments: sourceArguments) ?? 0 : nil
            return ListingPage(rows: rows, total: total)
        }
    }

    /// The records with these rowids, in this order (a page the caller chose, e.g. from ``rankedRowIDs(_:)``);
    /// rows that no longer exist are left out.
    public func listingRows(_ rowIDs: [Int64], known: (@Sendable (Int64, Data) -> Bool)? = nil) async throws -> [ListingRow] {
        try await store.writer.read { db in
            let statement = try db.cachedStatement(sql: "SELECT view_hash FROM record WHERE rowid = ?")
            var found: [(Int64, Data)] = []
            for rowID in rowIDs {
                if let row = try Row.fetchOne(statement, arguments: [rowID]) { found.append((rowID, row[0] ?? Data())) }
            }
            return try Self.listingRows(db, found, known: known)
        }
    }

    /// Reads the views of `found` that the caller does not hold already.
    private static func listingRows(_ db: Database, _ found: [(Int64, Data)], known: (@Sendable (Int64, Data) -> Bool)?) throws -> [ListingRow] {
        var rows: [ListingRow] = []
        rows.reserveCapacity(found.count)
        let statement = try db.cachedStatement(sql: "SELECT view FROM record WHERE rowid = ?")
        for (rowID, hash) in found {
            if let known, !hash.isEmpty, known(rowID, hash) {
                rows.append(ListingRow(rowID: rowID, viewHash: hash, view: nil))
            } else if let text = try String.fetchOne(statement, arguments: [rowID]), let view = CatalogueReader.decode(text) {
                rows.append(ListingRow(rowID: rowID, viewHash: hash, view: view))
            }
        }
        return rows
    }

    /// Facet counts over the records matching `query` and `filter`, most frequent first.
    public func facetCounts(query: String?, filter: RecordFilter) async throws -> [CatalogueFacet: [FacetCount]] {
        let expression = try query.map { text throws(SearchQuery.Failure) in try SearchQuery.expression(for: text) }
        let (conditions, arguments) = filter.sql
        var sql = "SELECT f.facet, f.value, COUNT(*) AS n FROM record r JOIN record_facet f ON f.record = r.rowid WHERE "
        var all = arguments
        if let expression {
            sql += "r.rowid IN (SELECT rowid FROM record_search WHERE record_search MATCH ?) AND "
            all = [expression] + arguments
        }
        sql += conditions.joined(separator: " AND ") + " GROUP BY f.facet, f.value"
        let finalSQL = sql
        let finalArguments = all
        return try await store.writer.read { db in
            var counts: [CatalogueFacet: [FacetCount]] = [:]
            for row in try Row.fetchAll(db, sql: finalSQL, arguments: finalArguments) {
                guard let facet = CatalogueFacet(rawValue: row["facet"]) else { continue }
                counts[facet, default: []].append(FacetCount(value: row["value"], count: row["n"]))
            }
            return counts.mapValues { $0.sorted { ($0.count, $1.value) > ($1.count, $0.value) } }
        }
    }

    /// A number that grows with every commit this node holds (for caching what is derived from the catalogue).
    public func catalogueVersion() async throws -> Int64 {
        try await store.writer.read { db in try Self.version(db) }
    }

    static func version(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(
            db, sql: "SELECT (SELECT COALESCE(SUM(seq), 0) FROM version_vector) + (SELECT COALESCE(SUM(value), 0) FROM node_state)") ?? 0
    }
}

/// Every facet value of every record, with which records are shown, for an in-memory facet index.
public struct FacetSnapshot: Sendable {
    /// The catalogue's version when read (see ``NodeCatalogue/catalogueVersion()``).
    public let version: Int64
    /// The largest write stamp of a record when read: ``NodeCatalogue/facetDelta(since:limit:)`` starts there.
    public let touched: Int64
    /// The largest record rowid.
    public let maxRowID: Int64
    /// `(facet, value, rowid)` of every record.
    public let entries: [(facet: String, value: String, rowID: Int64)]
    /// Rowids of alive records, and of private ones.
    public let alive: [Int64]
    public let isPrivate: [Int64]
}

/// The records written since a ``FacetSnapshot`` (or an earlier delta): each one's state and facet values as they are now.
public struct FacetDelta: Sendable {
    /// One written record: whether it is shown at all, and whether only to signed-in readers.
    public struct Row: Sendable {
        public let rowID: Int64
        public let alive: Bool
        public let isPrivate: Bool
    }

    public let version: Int64
    public let touched: Int64
    public let maxRowID: Int64
    public let rows: [Row]
    /// `(facet, value, rowid)` of the written records.
    public let entries: [(facet: String, value: String, rowID: Int64)]
}

extension NodeCatalogue {
    /// Reads every record's facet values in one transaction.
    public func facetSnapshot() async throws -> FacetSnapshot {
        try await store.writer.read { db in
            let version = try Self.version(db)
            var entries: [(facet: String, value: String, rowID: Int64)] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT facet, value, record FROM record_facet")
            while let row = try rows.next() { entries.append((row[0], row[1], row[2])) }
            return FacetSnapshot(
                version: version, touched: try Self.touched(db), maxRowID: try Self.maxRowID(db),
                entries: entries, alive: try Int64.fetchAll(db, sql: "SELECT rowid FROM record WHERE state = 'alive'"),
                isPrivate: try Int64.fetchAll(db, sql: "SELECT rowid FROM record WHERE private = 1"))
        }
    }

    /// The records written after stamp `touched`, in one transaction; `nil` when more than `limit`
    /// were (reading a whole ``facetSnapshot()`` is then cheaper).
    public func facetDelta(since touched: Int64, limit: Int) async throws -> FacetDelta? {
        try await store.writer.read { db in
            let written = try Row.fetchAll(
                db, sql: "SELECT rowid, state = 'alive', private FROM record WHERE touched > ? ORDER BY touched LIMIT ?",
                arguments: [touched, limit + 1])
            guard written.count <= limit else { return nil }
            let statement = try db.cachedStatement(sql: "SELECT facet, value FROM record_facet WHERE record = ?")
            var entries: [(facet: String, value: String, rowID: Int64)] = []
            var rows: [FacetDelta.Row] = []
            for row in written {
                let rowID: Int64 = row[0]
                rows.append(FacetDelta.Row(rowID: rowID, alive: row[1] ?? false, isPrivate: row[2]))
                for facet in try Row.fetchAll(statement, arguments: [rowID]) { entries.append((facet[0], facet[1], rowID)) }
            }
            return FacetDelta(
                version: try Self.version(db), touched: try Self.touched(db), maxRowID: try Self.maxRowID(db), rows: rows, entries: entries)
        }
    }

    private static func touched(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(touched), 0) FROM record") ?? 0
    }

    private static func maxRowID(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(rowid), 0) FROM record") ?? 0
    }

    /// The records whose text matches `query`, best match first (as a relevance listing orders them),
    /// with the write stamp they are up to date with.
    /// - Throws: ``SearchQuery/Failure`` when `query` holds no word.
    public func ranking(_ query: String) async throws -> SearchRanking {
        let expression = try SearchQuery.expression(for: query)
        return try await store.writer.read { db in
            var matches: [SearchRanking.Match] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT rowid, rank FROM record_search WHERE record_search MATCH ? ORDER BY rank, rowid", arguments: [expression])
            while let row = try rows.next() { matches.append(SearchRanking.Match(rowID: row[0], rank: row[1])) }
            return SearchRanking(touched: try Self.touched(db), matches: matches)
        }
    }

    /// `ranking` brought up to date with the records written since it was read: those no longer
    /// in it, and those that match now with their rank. `nil` when more than `limit` records were
    /// written (ranking again is then cheaper). The ranks of the other records are kept as they
    /// were (the index's global statistics move a little with every write; the order barely).
    /// - Throws: ``SearchQuery/Failure`` when `query` holds no word.
    public func update(_ ranking: SearchRanking, of query: String, limit: Int) async throws -> SearchRanking? {
        let expression = try SearchQuery.expression(for: query)
        return try await store.writer.read { db in
            let written = try Int64.fetchAll(
                db, sql: "SELECT rowid FROM record WHERE touched > ? ORDER BY touched LIMIT ?", arguments: [ranking.touched, limit + 1])
            guard written.count <= limit else { return nil }
            let touched = try Self.touched(db)
            guard !written.isEmpty else { return SearchRanking(touched: touched, matches: ranking.matches) }
            let placeholders = Array(repeating: "?", count: written.count).joined(separator: ", ")
            let fresh = try Row.fetchAll(
                db, sql: "SELECT rowid, rank FROM record_search WHERE record_search MATCH ? AND rowid IN (\(placeholders))",
                arguments: StatementArguments([expression as any DatabaseValueConvertible] + written.map { $0 as any DatabaseValueConvertible })
            ).map { SearchRanking.Match(rowID: $0[0], rank: $0[1]) }
            return ranking.replacing(Set(written), with: fresh, touched: touched)
        }
    }
}

/// A search's matching records, best first, as of a write stamp (see ``NodeCatalogue/ranking(_:)``).
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
