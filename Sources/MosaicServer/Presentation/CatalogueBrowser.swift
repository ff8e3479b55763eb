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
/// rebuilt when the catalogue's version changes (that is, after a commit), and are cached per
/// query and filter until then.
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
    }

    let catalogue: NodeCatalogue
    private var index: FacetIndex?
    private var building: Task<FacetIndex, any Error>?
    private var cache: [Key: Counts] = [:]

    init(catalogue: NodeCatalogue) { self.catalogue = catalogue }

    /// The page `request` asks for.
    /// - Throws: ``SearchQuery/Failure`` for a search with no word.
    func listing(_ request: ListingRequest, language: UILanguage) async throws -> Listing {
        let counts = try await counts(query: request.query, filter: request.filter)
        let page = try await catalogue.listing(
            query: request.query, filter: request.filter, sort: request.sort, limit: request.perPage,
            offset: (request.page - 1) * request.perPage, counting: false)
        return Listing(
            items: page.views.map { RecordSummary($0, language: language) }, total: counts.total, page: request.page,
            perPage: request.perPage, facets: counts.facets)
    }

    private func counts(query: String?, filter: RecordFilter) async throws -> Counts {
        let index = try await currentIndex()
        let key = Key(query: query, filter: filter)
        if let cached = cache[key] { return cached }
        var matches: [Int64]?
        if let query { matches = try await catalogue.matchingRowIDs(query) }
        let set = index.matching(filter, among: matches)
        let facets = index.counts(in: set, limit: Self.facetValues)
        let counts = Counts(
            total: set.count,
            facets: Dictionary(
                uniqueKeysWithValues: CatalogueFacet.allCases.map { facet in
                    (facet.rawValue, (facets[facet] ?? []).map { (entry: FacetCount) in FacetEntry(value: entry.value, count: entry.count) })
                }))
        if cache.count >= Self.cacheSize { cache.removeAll() }
        if self.index?.version == index.version { cache[key] = counts }
        return counts
    }

    /// The index of the catalogue as it is now, rebuilt once (not once per waiting request) after a change.
    private func currentIndex() async throws -> FacetIndex {
        let version = try await catalogue.catalogueVersion()
        if let index, index.version == version { return index }
        if let building { return try await building.value }
        let catalogue = self.catalogue
        let task = Task { FacetIndex(try await catalogue.facetSnapshot()) }
        building = task
        defer { building = nil }
        let fresh = try await task.value
        if fresh.version != index?.version {
            index = fresh
            cache.removeAll()
        }
        return fresh
    }
}
