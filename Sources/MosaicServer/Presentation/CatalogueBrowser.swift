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

/// Runs listings and searches; totals and facet counts, which cost a pass over every match,
/// are cached until the catalogue changes (they change only with a commit).
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
    private var version: Int64 = -1
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
        let current = try await catalogue.catalogueVersion()
        if current != version {
            cache.removeAll()
            version = current
        }
        let key = Key(query: query, filter: filter)
        if let cached = cache[key] { return cached }
        let facets = try await catalogue.facetCounts(query: query, filter: filter)
        // Every record has exactly one type: the type counts add up to the number of matches.
        let total = (facets[.type] ?? []).reduce(0) { $0 + $1.count }
        let counts = Counts(
            total: total,
            facets: Dictionary(
                uniqueKeysWithValues: CatalogueFacet.allCases.map { facet in
                    (facet.rawValue, (facets[facet] ?? []).prefix(Self.facetValues).map { FacetEntry(value: $0.value, count: $0.count) })
                }))
        if cache.count >= Self.cacheSize { cache.removeAll() }
        if try await catalogue.catalogueVersion() == current { cache[key] = counts }
        return counts
    }
}
