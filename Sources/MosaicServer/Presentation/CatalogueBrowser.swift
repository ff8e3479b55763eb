import Foundation
import MosaicCore
import MosaicStore

/// One value of a facet with its count.
struct FacetEntry: Codable, Sendable, Hashable {
    let value: String
    let count: Int
}

/// A page of a listing with its total and facet counts, as the API returns it.
struct Listing: Codable, Sendable {
    let items: [RecordSummary]
    let total: Int
    let page: Int
    let perPage: Int
    let facets: [String: [FacetEntry]]

    enum CodingKeys: String, CodingKey {
        case items, total, page, facets, perPage = "per_page"
    }
}

/// Runs listings and searches. Totals and facet counts come from an in-memory ``FacetIndex``,
/// brought up to date when the catalogue's version changes (that is, after a commit), and are
/// cached per query and filter until then. A search ranks its matches once per version too: a
/// relevance page is then a slice of that ranking among the matches the filter keeps, and only
/// the summaries not yet cached read their records.
actor CatalogueBrowser {
    /// Facet values shown per facet.
    static let facetValues = 25
    private static let cacheSize = 512

    private struct Key: Hashable {
        let query: String?
        let filter: RecordFilter
    }

    private struct Counts {
        let total: Int
        let facets: [String: [FacetEntry]]
        /// The records counted (for slicing a ranking).
        let rows: RowSet
    }

    let catalogue: NodeCatalogue
    private let summaries = SummaryCache()
    private var index: FacetIndex?
    private var building: Task<FacetIndex, any Error>?
    private var cache: [Key: Counts] = [:]
    private var figureCache: [Key: DashboardFigures] = [:]
    /// Search rankings by query, each with the catalogue version it is up to date with. They
    /// outlive a version: the next search brings its ranking up to date with the few records
    /// written since, instead of ranking every match again.
    private var rankings: [String: (version: Int64, ranking: SearchRanking, rows: [Int64])] = [:]
    private var rankedMatches = 0
    /// Matches kept over all rankings (24 bytes each).
    private static let rankedMatchesKept = 1_000_000

    init(catalogue: NodeCatalogue) { self.catalogue = catalogue }

    /// The page `request` asks for.
    /// - Throws: ``SearchQuery/Failure`` for a search with no word.
    func listing(_ request: ListingRequest, language: UILanguage) async throws -> Listing {
        let counts = try await counts(query: request.query, filter: request.filter)
        let summaries = self.summaries
        let taken = TakenSummaries()
        let known: @Sendable (Int64, Data) -> Bool = { rowID, hash in taken.take(rowID, hash: hash, language: language, from: summaries) }
        let offset = (request.page - 1) * request.perPage
        let rows: [ListingRow]
        if let query = request.query, request.sort == .relevance {
            let page = try await ranking(query).lazy.filter { counts.rows.contains($0) }.dropFirst(offset).prefix(request.perPage)
            rows = try await catalogue.listingRows(Array(page), known: known)
        } else {
            rows = try await catalogue.listing(
                query: request.query, filter: request.filter, sort: request.sort, limit: request.perPage, offset: offset, counting: false,
                known: known
            ).rows
        }
        let items = rows.compactMap { row -> RecordSummary? in
            guard let view = row.view else { return taken[row.rowID] }
            let summary = RecordSummary(view, language: language)
            summaries.keep(summary, rowID: row.rowID, hash: row.viewHash, language: language)
            return summary
        }
        return Listing(items: items, total: counts.total, page: request.page, perPage: request.perPage, facets: counts.facets)
    }

    private func counts(query: String?, filter: RecordFilter) async throws -> Counts {
        let index = try await currentIndex()
        let key = Key(query: query, filter: filter)
        if let cached = cache[key] { return cached }
        var matches: [Int64]?
        if let query { matches = try await ranking(query) }
        let set = index.matching(filter, among: matches)
        let facets = index.counts(in: set, limit: Self.facetValues)
        let counts = Counts(
            total: set.count,
            facets: Dictionary(
                uniqueKeysWithValues: CatalogueFacet.allCases.map { facet in
                    (facet.rawValue, (facets[facet] ?? []).map { (entry: FacetCount) in FacetEntry(value: entry.value, count: entry.count) })
                }), rows: set)
        if cache.count >= Self.cacheSize { cache.removeAll() }
        if self.index?.version == index.version { cache[key] = counts }
        return counts
    }

    /// The dashboard's figures over the records `request`'s query and filters keep (its sort and page
    /// are ignored), counted by the same index and cached the same way as the listing's facet counts.
    /// - Throws: ``SearchQuery/Failure`` for a search with no word.
    func figures(_ request: ListingRequest) async throws -> DashboardFigures {
        let index = try await currentIndex()
        let key = Key(query: request.query, filter: request.filter)
        if let cached = figureCache[key] { return cached }
        var matches: [Int64]?
        if let query = request.query { matches = try await ranking(query) }
        var totals: [RecordType: Int] = [:]
        var counts: [RecordType: [String: [FacetCount]]] = [:]
        for type in RecordType.allCases where request.filter.type == nil || request.filter.type == type {
            var filter = request.filter
            filter.type = type
            let set = index.matching(filter, among: matches)
            totals[type] = set.count
            counts[type] = index.counts(of: DashboardDimension.allCases.map(\.facet), in: set, limit: .max)
        }
        let figures = DashboardFigures(totals: totals, counts: counts)
        if figureCache.count >= Self.cacheSize { figureCache.removeAll() }
        if self.index?.version == index.version { figureCache[key] = figures }
        return figures
    }

    /// The records matching `query`, best first, as of the index's version.
    private func ranking(_ query: String) async throws -> [Int64] {
        guard let version = index?.version else { return try await catalogue.ranking(query).matches.map(\.rowID) }
        let kept = rankings[query]
        if let kept, kept.version == version { return kept.rows }
        var updated: SearchRanking?
        if let kept { updated = try await catalogue.update(kept.ranking, of: query, limit: FacetIndex.deltaLimit) }
        let fresh: SearchRanking
        if let updated { fresh = updated } else { fresh = try await catalogue.ranking(query) }
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
        let version = try await catalogue.catalogueVersion()
        if let index, index.version == version { return index }
        if let building { return try await building.value }
        let catalogue = self.catalogue
        let current = index
        let task = Task {
            // Most changes touch a few records: update a copy of the index rather than read it all again.
            if var updated = current, let delta = try await catalogue.facetDelta(since: updated.touched, limit: FacetIndex.deltaLimit) {
                updated.apply(delta)
                return updated
            }
            return FacetIndex(try await catalogue.facetSnapshot())
        }
        building = task
        defer { building = nil }
        let fresh = try await task.value
        if fresh.version != index?.version {
            index = fresh
            cache.removeAll()
            figureCache.removeAll()
        }
        return fresh
    }
}
