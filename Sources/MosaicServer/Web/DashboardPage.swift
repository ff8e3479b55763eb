import Hummingbird
import MosaicCore
import MosaicStore

/// `GET /dashboard`: practices and projects by country, theme, year and status, as SVG bar charts
/// with a table of the same figures; `GET /dashboard.csv`: the figures as CSV (``DashboardCSV``).
/// Both take the catalogue's query and filters (``ListingRequest``) and count only the records they keep.
struct DashboardPage: Sendable {
    /// Values drawn per chart and listed per table (the most frequent, or the latest years); the CSV has them all.
    static let chartValues = 30
    static let tableValues = 200

    /// At most `limit` of a dimension's figures: the first (most frequent), or for years the latest.
    static func kept(_ figures: [DashboardFigures.Figure], of dimension: DashboardDimension, limit: Int) -> [DashboardFigures.Figure] {
        dimension == .year ? Array(figures.suffix(limit)) : Array(figures.prefix(limit))
    }

    /// A filter in force, with the link that removes it.
    struct ActiveFilter: Sendable {
        let label: String
        let removeHref: String
    }

    /// One row of a dimension's table.
    struct TableRow: Sendable {
        let label: String
        /// The dashboard filtered on this value (or back without it), when the catalogue filters on the dimension.
        let href: String?
        let selected: Bool
        let practices: String
        let projects: String
        let total: String
    }

    /// One dimension: its chart and its table.
    struct Section: Sendable {
        let id: String
        let heading: String
        let chartTitle: String
        let chartDescription: String
        let chart: BarChart
        let omitted: String?
        let rows: [TableRow]
        /// Stored, not computed: templates see stored fields only (``TemplateContext``).
        let hasRows: Bool
    }

    /// The page's body.
    struct Body: Sendable {
        let countText: String
        let filters: [ActiveFilter]
        let catalogueHref: String
        let csvHref: String
        let sections: [Section]
        let error: String?
        let width: Int
        let hasFilters: Bool
    }

    let web: WebContext

    /// The dashboard of `request`'s query and filters (at `path`: the page or its CSV).
    static func href(_ request: ListingRequest, path: String = "/dashboard") -> String {
        let items = filterItems(request)
        return items.isEmpty ? path : path + "?" + WebContext.query(items)
    }

    /// The query and filters of `request`, without its sort (which the dashboard ignores).
    private static func filterItems(_ request: ListingRequest) -> [(String, String)] {
        request.queryItems.filter { $0.0 != "sort" }
    }

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        let web = self.web
        routes.add(.get, "/dashboard", access: .reader) { request, context -> HTML in
            let language = context.language
            do {
                let listing = try APIRoutes.listingRequest(APIRoutes.parameters(request), context)
                let figures = try await web.browser.figures(listing)
                return try web.renderer.page(
                    "dashboard", title: language.word("dashboard"), body: Self.body(listing, figures, web: web, language: language),
                    context: context)
            } catch let invalid as ListingRequest.Invalid {
                return try Self.failure(CataloguePage.text(invalid, language: language), web: web, context: context)
            } catch is SearchQuery.Failure {
                return try Self.failure(
                    CataloguePage.nothingToSearch(APIRoutes.parameters(request)["q"], language: language), web: web, context: context)
            }
        }
        routes.add(.get, "/dashboard.csv", access: .reader) { request, context -> Response in
            do {
                let listing = try APIRoutes.listingRequest(APIRoutes.parameters(request), context)
                let figures = try await web.browser.figures(listing)
                return DashboardCSV.response(
                    DashboardCSV.text(figures, label: { Self.label($0, $1, web: web, language: context.language) }))
            } catch let invalid as ListingRequest.Invalid {
                throw HTTPError(.badRequest, message: "\(invalid.parameter): \(invalid.message)")
            } catch let failure as SearchQuery.Failure {
                throw HTTPError(.badRequest, message: failure.description)
            }
        }
    }

    private static func failure(_ message: String, web: WebContext, context: NodeRequestContext) throws -> HTML {
        let body = Body(
            countText: "", filters: [], catalogueHref: "/", csvHref: "/dashboard.csv", sections: [], error: message, width: BarChart.width,
            hasFilters: false)
        return try web.renderer.page(
            "dashboard", title: context.language.word("dashboard"), body: body, context: context, status: .badRequest)
    }

    /// A value of `dimension` as the reader sees it (a year as it is written).
    static func label(_ dimension: DashboardDimension, _ value: String, web: WebContext, language: UILanguage) -> String {
        dimension.filter.map { CataloguePage.label($0, value, web: web, language: language) } ?? value
    }

    static func body(_ request: ListingRequest, _ figures: DashboardFigures, web: WebContext, language: UILanguage) -> Body {
        let base = filterItems(request)
        func dashboard(_ items: [(String, String)]) -> String { items.isEmpty ? "/dashboard" : "/dashboard?" + WebContext.query(items) }
        var filters = CatalogueFacet.allCases.compactMap { facet -> ActiveFilter? in
            guard let value = request.selected(facet) else { return nil }
            return ActiveFilter(
                label: language.word("facet.\(facet.rawValue)") + ": " + CataloguePage.label(facet, value, web: web, language: language),
                removeHref: dashboard(base.filter { $0.0 != facet.rawValue }))
        }
        if let lang = request.filter.needsTranslation {
            filters.append(
                ActiveFilter(
                    label: language.word("freshNeedsTranslation") + ": " + language.languageName(lang),
                    removeHref: dashboard(base.filter { $0.0 != "needs_translation" })))
        }
        let sections = DashboardDimension.allCases.map { dimension -> Section in
            let all = figures.figures[dimension] ?? []
            let heading = language.word("dashboardBy.\(dimension.rawValue)")
            let label = { (value: String) in Self.label(dimension, value, web: web, language: language) }
            let rows = Self.kept(all, of: dimension, limit: Self.tableValues).map { figure -> TableRow in
                let selected = dimension.filter.map { request.selected($0) == figure.value } ?? false
                let href = dimension.filter.map { facet in
                    let others = base.filter { $0.0 != facet.rawValue }
                    return dashboard(selected ? others : others + [(facet.rawValue, figure.value)])
                }
                return TableRow(
                    label: label(figure.value), href: href, selected: selected, practices: language.number(figure.practices),
                    projects: language.number(figure.projects), total: language.number(figure.total))
            }
            let shown = Self.kept(all, of: dimension, limit: Self.chartValues)
            return Section(
                id: dimension.rawValue, heading: heading, chartTitle: heading,
                chartDescription: language.format("dashboardChartDescription", ["count": language.number(shown.count)]),
                chart: BarChart(id: "chart-\(dimension.rawValue)", figures: shown, label: label, number: { language.number($0) }),
                omitted: all.count > shown.count
                    ? language.format(
                        "dashboardOmitted",
                        [
                            "shown": language.number(shown.count), "listed": language.number(rows.count),
                            "count": language.number(all.count),
                        ]) : nil,
                rows: rows, hasRows: !rows.isEmpty)
        }
        return Body(
            countText: language.format(
                "dashboardCount",
                [
                    "count": language.number(figures.total), "practices": language.number(figures.practices),
                    "projects": language.number(figures.projects),
                ]), filters: filters, catalogueHref: base.isEmpty ? "/" : "/?" + WebContext.query(base),
            csvHref: href(request, path: "/dashboard.csv"), sections: sections, error: nil, width: BarChart.width,
            hasFilters: !filters.isEmpty)
    }
}
