import Foundation
import GRDB
import MosaicCore

/// A listing's total and facet counts with one page of its records (rows and view hashes, no views:
/// the caller reads with ``NodeCatalogue/listingRows(_:)`` only the views it does not hold already).
public struct CatalogueListing: Sendable {
    /// How many records the query and filter keep in all.
    public let total: Int
    /// Per facet, its values among those records, most frequent first (at most the number asked).
    public let facets: [CatalogueFacet: [FacetCount]]
    /// The page's records, in the order asked.
    public let entries: [ListingEntry]
}

/// How many records of one type a query and filter keep, and how many of them have each value of
/// each facet asked (the dashboard's figures, before presentation).
public struct TypeCounts: Sendable, Hashable {
    public let total: Int
    /// Per store facet name (`country`, `year`, …), every value a kept record has, most frequent first.
    public let facets: [String: [FacetCount]]
}

/// The catalogue's read index, owned by the store (``NodeCatalogue/index``): facet counts from an
/// in-memory ``FacetIndex`` and search rankings by query, both brought up to date when the
/// catalogue's version changes (after a commit, from the rows written since, see
/// ``CatalogueStore/facetDelta(since:limit:)``), and counts cached per query and filter until then.
/// A relevance page is a slice of the query's ranking among the records the filter keeps; other
/// sorts page in SQL. It never calls out of the store: a caller that caches what it draws from
/// views keys it by the ``ListingEntry`` it gets back.
public actor CatalogueIndex {
    /// Query and filter pairs whose counts are kept; the cache starts over when full.
    static let cacheSize = 512
    /// Matches kept over all rankings (24 bytes each).
    static let rankedMatchesKept = 1_000_000

    private struct Key: Hashable {
        let query: String?
        let filter: RecordFilter
    }

    private struct CountsKey: Hashable {
        let key: Key
        let facetLimit: Int
    }

    private struct FiguresKey: Hashable {
        let key: Key
        let facets: [String]
    }

    private let store: CatalogueStore
    private var index: FacetIndex?
    private var building: Task<FacetIndex, any Error>?
    /// The records each query and filter keep, and what was counted of them.
    private var matches: [Key: RowSet] = [:]
    private var counts: [CountsKey: [CatalogueFacet: [FacetCount]]] = [:]
    private var figures: [FiguresKey: [RecordType: TypeCounts]] = [:]
    /// Search rankings by query, each with the catalogue version it is up to date with. They
    /// outlive a version: the next search brings its ranking up to date with the few records
    /// written since, instead of ranking every match again.
    private var rankings: [String: (version: Int64, ranking: SearchRanking, rows: [Int64])] = [:]
    private var rankedMatches = 0

    init(store: CatalogueStore) { self.store = store }

    /// The total and facet counts of the records `request`'s query and filter keep, and the page of
    /// them it asks for in its sort.
    /// - Parameter facetLimit: most values returned per facet.
    /// - Throws: ``SearchQuery/Failure`` for a search with no word.
    public func listing(_ request: ListingRequest, facetLimit: Int) async throws -> CatalogueListing {
        let index = try await currentIndex()
        let key = Key(query: request.query, filter: request.filter)
        let rows = try await matching(key, index)
        let countsKey = CountsKey(key: key, facetLimit: facetLimit)
        let facets: [CatalogueFacet: [FacetCount]]
        if let cached = counts[countsKey] {
            facets = cached
        } else {
            facets = index.counts(in: rows, limit: facetLimit)
            if counts.count >= Self.cacheSize { counts.removeAll() }
            if self.index?.version == index.version { counts[countsKey] = facets }
        }
        let offset = (request.page - 1) * request.perPage
        let entries: [ListingEntry]
        if let query = request.query, request.sort == .relevance {
            let page = try await ranking(query, version: index.version).lazy.filter { rows.contains($0) }.dropFirst(offset)
                .prefix(request.perPage)
            let rowIDs = Array(page)
            entries = try await store.writer.read { db in try NodeCatalogue.entries(db, rowIDs: rowIDs) }
        } else {
            let expression = try request.query.map { text throws(SearchQuery.Failure) in try SearchQuery.expression(for: text) }
            let filter = request.filter, sort = request.sort, limit = request.perPage
            entries = try await store.writer.read { db in
                try NodeCatalogue.entries(db, expression: expression, filter: filter, sort: sort, limit: limit, offset: offset)
            }
        }
        return CatalogueListing(total: rows.count, facets: facets, entries: entries)
    }

    /// For each record type `request`'s filter allows, how many records its query and filter keep
    /// and how many of those have each value of each of `facets` (store facet names, such as
    /// `country` or `year`); its sort and page are ignored.
    /// - Throws: ``SearchQuery/Failure`` for a search with no word.
    public func counts(byType facets: [String], _ request: ListingRequest) async throws -> [RecordType: TypeCounts] {
        let index = try await currentIndex()
        let key = FiguresKey(key: Key(query: request.query, filter: request.filter), facets: facets)
        if let cached = figures[key] { return cached }
        var result: [RecordType: TypeCounts] = [:]
        for type in RecordType.allCases where request.filter.type == nil || request.filter.type == type {
            var filter = request.filter
            filter.type = type
            let rows = try await matching(Key(query: request.query, filter: filter), index)
            result[type] = TypeCounts(total: rows.count, facets: index.counts(of: facets, in: rows, limit: .max))
        }
        if figures.count >= Self.cacheSize { figures.removeAll() }
        if self.index?.version == index.version { figures[key] = result }
        return result
    }

    /// The shown records that `key`'s query and filter keep, as of `index`.
    private func matching(_ key: Key, _ index: FacetIndex) async throws -> RowSet {
        if let cached = matches[key] { return cached }
        var ranked: [Int64]?
        if let query = key.query { ranked = try await ranking(query, version: index.version) }
        let rows = index.matching(key.filter, among: ranked)
        if matches.count >= Self.cacheSize { matches.removeAll() }
        if self.index?.version == index.version { matches[key] = rows }
        return rows
    }

    /// The records matching `query`, best first, as of catalogue version `version`.
    private func ranking(_ query: String, version: Int64) async throws -> [Int64] {
        let kept = rankings[query]
        if let kept, kept.version == version { return kept.rows }
        var updated: SearchRanking?
        if let kept { updated = try await store.update(kept.ranking, of: query, limit: FacetIndex.deltaLimit) }
        let fresh: SearchRanking
        if let updated { fresh = updated } else { fresh = try await store.ranking(query) }
        let rows = fresh.matches.map(\.rowID)
        if rankedMatches + rows.count > Self.rankedMatchesKept || rankings.count >= Self.cacheSize {
            rankings.removeAll()
            rankedMatches = 0
        }
        rankedMatches += rows.count - (rankings[query]?.rows.count ?? 0)
        rankings[query] = (version, fresh, rows)
        return rows
    }

    /// The index of the catalogue as it is now, updated once (not once per waiting request) after a change.
    private func currentIndex() async throws -> FacetIndex {
        let version = try await store.writer.read { db in try NodeCatalogue.version(db) }
        if let index, index.version == version { return index }
        if let building { return try await building.value }
        let store = self.store
        let current = index
        let task = Task {
            // Most changes touch a few records: update a copy of the index rather than read it all again.
            if var updated = current, let delta = try await store.facetDelta(since: updated.touched, limit: FacetIndex.deltaLimit) {
                updated.apply(delta)
                return updated
            }
            return FacetIndex(try await store.facetSnapshot())
        }
        building = task
        defer { building = nil }
        let fresh = try await task.value
        if fresh.version != index?.version {
            index = fresh
            matches.removeAll()
            counts.removeAll()
            figures.removeAll()
        }
        return fresh
    }
}
