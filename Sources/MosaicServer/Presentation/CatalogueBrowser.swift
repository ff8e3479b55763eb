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

/// Presents the store's listings (``CatalogueIndex``) as the pages and the API show them: totals and
/// facet counts as they come, and each record as a ``RecordSummary`` in the reader's language. The
/// summaries are cached by row and view hash (``SummaryCache``), so a page asks the store for the
/// views of only the records it has not summarised yet: two calls, and nothing of the server runs
/// inside a store read.
struct CatalogueBrowser: Sendable {
    /// Facet values shown per facet.
    static let facetValues = 25

    let catalogue: NodeCatalogue
    private let summaries = SummaryCache()

    init(catalogue: NodeCatalogue) { self.catalogue = catalogue }

    /// The page `request` asks for.
    /// - Throws: ``SearchQuery/Failure`` for a search with no word.
    func listing(_ request: ListingRequest, language: UILanguage) async throws -> Listing {
        let listing = try await catalogue.index.listing(request, facetLimit: Self.facetValues)
        var found: [Int64: RecordSummary] = [:]
        var lacking: [Int64] = []
        for entry in listing.entries {
            if let summary = summaries.summary(entry.rowID, hash: entry.viewHash, language: language) {
                found[entry.rowID] = summary
            } else {
                lacking.append(entry.rowID)
            }
        }
        if !lacking.isEmpty {
            for row in try await catalogue.listingRows(lacking) {
                let summary = RecordSummary(row.view, language: language)
                summaries.keep(summary, rowID: row.rowID, hash: row.viewHash, language: language)
                found[row.rowID] = summary
            }
        }
        return Listing(
            items: listing.entries.compactMap { found[$0.rowID] }, total: listing.total, page: request.page, perPage: request.perPage,
            facets: Dictionary(
                uniqueKeysWithValues: CatalogueFacet.allCases.map { facet in
                    (facet.rawValue, (listing.facets[facet] ?? []).map { FacetEntry(value: $0.value, count: $0.count) })
                }))
    }

    /// The dashboard's figures over the records `request`'s query and filters keep (its sort and page
    /// are ignored), counted by the store's index like the listing's facet counts.
    /// - Throws: ``SearchQuery/Failure`` for a search with no word.
    func figures(_ request: ListingRequest) async throws -> DashboardFigures {
        DashboardFigures(try await catalogue.index.counts(byType: DashboardDimension.allCases.map(\.facet), request))
    }
}
