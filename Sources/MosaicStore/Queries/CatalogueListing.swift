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

/// One record of a listing page: its row and the hash of its view, what a cache of views (or of
/// what is drawn from them) is keyed by; see ``CatalogueIndex/listing(_:facetLimit:)``.
public struct ListingEntry: Sendable, Hashable {
    public let rowID: Int64
    /// The hash of the view's bytes (`CatalogueDigest`), empty when none is stored.
    public let viewHash: Data
}

/// One record of a listing page with its view and the hash of that view.
public struct ListingRow: Sendable {
    public let rowID: Int64
    public let viewHash: Data
    public let view: RecordView
}

/// One page of a listing or search, with how many records match in all.
public struct ListingPage: Sendable {
    public let rows: [ListingRow]
    /// How many records match in all, when counted.
    public let total: Int?

    /// The views of this page, in order.
    public var views: [RecordView] { rows.map(\.view) }
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
    /// A page of records matching `query` (full text, optional) and `filter`, read and counted in SQL
    /// (the web reads pages through ``index`` instead, which counts in memory).
    /// - Throws: ``SearchQuery/Failure`` when `query` is given but holds no word.
    /// - Parameter counting: whether to count every match too.
    public func listing(
        query: String?, filter: RecordFilter, sort: ListingSort, limit: Int, offset: Int, counting: Bool = true
    ) async throws -> ListingPage {
        let expression = try query.map { text throws(SearchQuery.Failure) in try SearchQuery.expression(for: text) }
        return try await store.writer.read { db in
            let entries = try Self.entries(db, expression: expression, filter: filter, sort: sort, limit: limit, offset: offset)
            let total = counting ? try Self.count(db, expression: expression, filter: filter) : nil
            return ListingPage(rows: try Self.rows(db, entries.map(\.rowID)), total: total)
        }
    }

    /// The records with these rowids, in this order, with their views as they are now (a page of
    /// ``ListingEntry`` whose views the caller lacks); rows that no longer exist are left out.
    public func listingRows(_ rowIDs: [Int64]) async throws -> [ListingRow] {
        try await store.writer.read { db in try Self.rows(db, rowIDs) }
    }

    /// Where a listing's records come from and their arguments: the records, or the full-text
    /// index's matches joined to them.
    private static func source(_ expression: String?, _ filter: RecordFilter) -> (sql: String, arguments: StatementArguments) {
        let (conditions, arguments) = filter.sql
        guard let expression else { return ("FROM record r WHERE \(conditions.joined(separator: " AND "))", arguments) }
        // CROSS JOIN keeps the full-text index as the outer loop: SQLite would otherwise walk every
        // record and query the index once per row (seconds at 20,000 records for a count).
        return (
            "FROM record_search s CROSS JOIN record r ON r.rowid = s.rowid WHERE record_search MATCH ? AND \(conditions.joined(separator: " AND "))",
            [expression] + arguments
        )
    }

    /// A page of matching rows in `sort` order, ordered and paged on small columns only.
    /// - Parameter expression: the FTS5 expression (``SearchQuery/expression(for:)``), or `nil` for every record.
    static func entries(
        _ db: Database, expression: String?, filter: RecordFilter, sort: ListingSort, limit: Int, offset: Int
    ) throws -> [ListingEntry] {
        let order: String
        switch (sort, expression) {
        case (.relevance, .some): order = "s.rank, r.id"
        case (.changed, _): order = "r.updated_wall DESC, r.updated_counter DESC, r.id"
        default: order = "r.title, r.id"
        }
        let (source, arguments) = source(expression, filter)
        return try Row.fetchAll(
            db, sql: "SELECT r.rowid, r.view_hash \(source) ORDER BY \(order) LIMIT ? OFFSET ?", arguments: arguments + [limit, offset]
        )
        .map { ListingEntry(rowID: $0[0], viewHash: $0[1] ?? Data()) }
    }

    /// How many records match.
    static func count(_ db: Database, expression: String?, filter: RecordFilter) throws -> Int {
        let (source, arguments) = source(expression, filter)
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) \(source)", arguments: arguments) ?? 0
    }

    /// The rows with these rowids that exist, in this order, with the hashes of their views.
    static func entries(_ db: Database, rowIDs: [Int64]) throws -> [ListingEntry] {
        let statement = try db.cachedStatement(sql: "SELECT view_hash FROM record WHERE rowid = ?")
        return try rowIDs.compactMap { rowID in
            try Row.fetchOne(statement, arguments: [rowID]).map { ListingEntry(rowID: rowID, viewHash: $0[0] ?? Data()) }
        }
    }

    /// Reads and decodes the views of these rows, in order (the large column and its JSON are most of a page's cost).
    private static func rows(_ db: Database, _ rowIDs: [Int64]) throws -> [ListingRow] {
        let statement = try db.cachedStatement(sql: "SELECT view, view_hash FROM record WHERE rowid = ?")
        return try rowIDs.compactMap { rowID in
            guard let row = try Row.fetchOne(statement, arguments: [rowID]), let text: String = row[0],
                let view = CatalogueReader.decode(text)
            else { return nil }
            return ListingRow(rowID: rowID, viewHash: row[1] ?? Data(), view: view)
        }
    }

    /// Facet counts over the records matching `query` and `filter`, most frequent first, counted in SQL
    /// (the reference that ``CatalogueIndex``'s in-memory counts are checked against).
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
