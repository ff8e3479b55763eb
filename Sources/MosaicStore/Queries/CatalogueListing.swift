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
