import MosaicCore
import MosaicStore

/// A dimension the dashboard counts records by, with the store's facet name it is counted from.
enum DashboardDimension: String, Sendable, CaseIterable {
    case country, theme, year, status

    /// The store's facet name (`record_facet.facet`).
    var facet: String { rawValue }

    /// The catalogue filter on this dimension, when the catalogue has one (it has none by year).
    var filter: CatalogueFacet? { CatalogueFacet(rawValue: rawValue) }
}

/// The dashboard's figures: for each ``DashboardDimension``, how many practices and projects
/// have each value, among the records a listing request's query and filters keep.
struct DashboardFigures: Sendable, Hashable {
    /// One value of a dimension with its counts (records, not values: a record with two themes counts once under each).
    struct Figure: Sendable, Hashable {
        let value: String
        let practices: Int
        let projects: Int

        var total: Int { practices + projects }
    }

    /// Matching practices and projects in all.
    let practices: Int
    let projects: Int
    /// Every value of each dimension that a matching record has: years in order, other values most frequent first.
    let figures: [DashboardDimension: [Figure]]

    var total: Int { practices + projects }

    /// Combines the counts of each record type (``CatalogueIndex/counts(byType:_:)``).
    /// - Parameter counts: per type, the matching records and, per facet name, the values and their counts.
    init(_ counts: [RecordType: TypeCounts]) {
        practices = counts[.practice]?.total ?? 0
        projects = counts[.project]?.total ?? 0
        var figures: [DashboardDimension: [Figure]] = [:]
        for dimension in DashboardDimension.allCases {
            func byValue(_ type: RecordType) -> [String: Int] {
                Dictionary((counts[type]?.facets[dimension.facet] ?? []).map { ($0.value, $0.count) }, uniquingKeysWith: +)
            }
            let practices = byValue(.practice), projects = byValue(.project)
            let rows = Set(practices.keys).union(projects.keys).map {
                Figure(value: $0, practices: practices[$0] ?? 0, projects: projects[$0] ?? 0)
            }
            figures[dimension] =
                dimension == .year
                ? rows.sorted { $0.value < $1.value }
                : rows.sorted { ($0.total, $1.value) > ($1.total, $0.value) }
        }
        self.figures = figures
    }
}
