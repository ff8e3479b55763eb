import Hummingbird
import MosaicCore
import MosaicStore

/// `GET /`: the catalogue with search, facets with counts, sort and pages.
struct CataloguePage: Sendable {
    /// One facet value as a link that toggles its filter.
    struct FacetLink: Sendable {
        let label: String
        /// The count in the reader's locale.
        let count: String
        let href: String
        let selected: Bool
    }

    /// One facet with its values.
    struct FacetGroup: Sendable {
        let label: String
        let links: [FacetLink]
    }

    /// One search result.
    struct Result: Sendable {
        let href: String
        let title: String
        let titleLang: String
        let languageNote: String?
        let typeLabel: String
        let member: String
        let countries: String
        let themes: String
        let lastChange: String
    }

    /// A language of the "needs translation into" filter, as a link that toggles it.
    struct TranslationLink: Sendable {
        let label: String
        let href: String
        let selected: Bool
    }

    /// A sort choice.
    struct SortOption: Sendable {
        let value: String
        let label: String
        let selected: Bool
    }

    /// The page's body.
    struct Body: Sendable {
        let q: String
        let hiddenFields: [HiddenField]
        let sorts: [SortOption]
        let facets: [FacetGroup]
        /// The "needs translation into" filter: the languages of the catalogue's texts.
        var needsTranslation: [TranslationLink] = [] {
            didSet { hasNeedsTranslation = !needsTranslation.isEmpty }
        }
        /// Whether the filter has languages to offer (templates cannot count).
        private(set) var hasNeedsTranslation = false
        let results: [Result]
        let countText: String
        let previousHref: String?
        let nextHref: String?
        let pageText: String
        let hasFilters: Bool
        let error: String?
        /// The dashboard of the same records (same query and filters).
        var dashboardHref = "/dashboard"
    }

    /// A hidden input of the search form (filters kept while searching).
    struct HiddenField: Sendable {
        let name: String
        let value: String
    }

    let web: WebContext

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        let web = self.web
        routes.add(.get, "/", access: .reader) { request, context -> HTML in
            let parameters = APIRoutes.parameters(request)
            do {
                let listing = try APIRoutes.listingRequest(parameters, context)
                let result = try await web.browser.listing(listing, language: context.language)
                return try web.renderer.page(
                    "catalogue", title: context.language.word("catalogue"),
                    body: Self.body(listing, result, web: web, language: context.language),
                    context: context, notice: WebContext.notice(request, context.language))
            } catch let invalid as ListingRequest.Invalid {
                return try Self.failure(Self.text(invalid, language: context.language), parameters: parameters, web: web, context: context)
            } catch is SearchQuery.Failure {
                return try Self.failure(
                    Self.nothingToSearch(parameters["q"], language: context.language), parameters: parameters, web: web, context: context)
            }
        }
    }

    /// A listing request's mistake in the reader's language (the expected values are slugs and numbers, as typed).
    static func text(_ invalid: ListingRequest.Invalid, language: UILanguage) -> String {
        language.format("invalidParameter", ["parameter": invalid.parameter, "expected": expected(invalid, language: language)])
    }

    /// What a parameter must be, in the reader's language when it is one of the checked choices or
    /// numbers (values stay as typed in addresses); a length limit as the store words it.
    static func expected(_ invalid: ListingRequest.Invalid, language: UILanguage) -> String {
        guard invalid.message == ListingRequest.expected[invalid.parameter] else { return invalid.message }
        let range = invalid.parameter == "page" ? ListingRequest.pages : ListingRequest.perPageRange
        return language.format(
            "expected.\(invalid.parameter)",
            [
                "values": ListingSort.allCases.map(\.rawValue).joined(separator: ", "), "min": language.number(range.lowerBound),
                "max": language.number(range.upperBound),
            ])
    }

    /// The sort menu, `selected` chosen.
    static func sortOptions(_ selected: ListingSort, language: UILanguage) -> [SortOption] {
        ListingSort.allCases.map {
            SortOption(
                value: $0.rawValue, label: language.word("sort\($0.rawValue.prefix(1).uppercased() + $0.rawValue.dropFirst())"),
                selected: $0 == selected)
        }
    }

    /// A search with no word to look for, in the reader's language.
    static func nothingToSearch(_ query: String?, language: UILanguage) -> String {
        language.format("searchNothing", ["query": String((query ?? "").prefix(80))])
    }

    private static func failure(_ message: String, parameters: [String: String], web: WebContext, context: NodeRequestContext) throws
        -> HTML
    {
        let body = Body(
            q: String((parameters["q"] ?? "").prefix(ListingRequest.maxQueryLength)), hiddenFields: [],
            sorts: sortOptions(.relevance, language: context.language), facets: [],
            results: [], countText: "", previousHref: nil, nextHref: nil, pageText: "", hasFilters: false, error: message)
        return try web.renderer.page(
            "catalogue", title: context.language.word("catalogue"), body: body, context: context, status: .badRequest)
    }

    /// A facet value as the reader sees it: a translated label, a member's or a country's name.
    static func label(_ facet: CatalogueFacet, _ value: String, web: WebContext, language: UILanguage) -> String {
        switch facet {
        case .type: language.label(.type, value)
        case .member: web.name(value)
        case .country: language.country(value)
        case .theme: language.label(.theme, value)
        case .status: language.label(.status, value)
        case .language: language.languageName(value)
        }
    }

    static func body(_ request: ListingRequest, _ listing: Listing, web: WebContext, language: UILanguage) -> Body {
        let word = language.word
        let base = request.queryItems
        func href(_ items: [(String, String)]) -> String { "/?" + WebContext.query(items) }
        let facets = CatalogueFacet.allCases.compactMap { facet -> FacetGroup? in
            let entries = listing.facets[facet.rawValue] ?? []
            guard !entries.isEmpty else { return nil }
            let selected = request.selected(facet)
            let others = base.filter { $0.0 != facet.rawValue }
            return FacetGroup(
                label: word("facet.\(facet.rawValue)"),
                links: entries.map { entry in
                    let isSelected = entry.value == selected
                    return FacetLink(
                        label: label(facet, entry.value, web: web, language: language), count: language.number(entry.count),
                        href: href(isSelected ? others : others + [(facet.rawValue, entry.value)]),
                        selected: isSelected)
                })
        }
        let preferred = RecordSummary.preference(language).first?.rawValue
        let results = listing.items.map { item in
            Result(
                href: "/records/\(item.id)", title: item.titleShown?.text ?? item.id, titleLang: item.titleShown?.lang ?? "",
                languageNote: item.titleShown.flatMap {
                    $0.lang == preferred ? nil : language.format("shownIn", ["language": language.languageName($0.lang)])
                },
                typeLabel: language.label(.type, item.type), member: web.name(item.owner),
                countries: item.countries.map(language.country).joined(separator: ", "),
                themes: item.themes.map { language.label(.theme, $0) }.joined(separator: ", "),
                lastChange: language.time(millis: item.lastChangeMillis))
        }
        let pages = max(1, (listing.total + request.perPage - 1) / request.perPage)
        var body = Body(
            q: request.query ?? "",
            hiddenFields: base.filter { $0.0 != "q" && $0.0 != "sort" }.map { HiddenField(name: $0.0, value: $0.1) },
            sorts: sortOptions(request.sort, language: language),
            facets: facets, results: results, countText: language.format("resultCount", ["count": language.number(listing.total)]),
            previousHref: request.page > 1 ? href(base + [("page", String(request.page - 1))]) : nil,
            nextHref: request.page < pages ? href(base + [("page", String(request.page + 1))]) : nil,
            pageText: language.format("pageOf", ["page": language.number(request.page), "pages": language.number(pages)]),
            hasFilters: base.contains { $0.0 != "q" && $0.0 != "sort" }, error: nil,
            dashboardHref: DashboardPage.href(request))
        body.needsTranslation = translationLinks(request, listing, language: language)
        return body
    }

    /// The "needs translation into X" links: the languages the matching records are written in, and
    /// the one chosen (kept even when no record of the page is written in it).
    static func translationLinks(_ request: ListingRequest, _ listing: Listing, language: UILanguage) -> [TranslationLink] {
        let chosen = request.filter.needsTranslation
        var tags = Set((listing.facets[CatalogueFacet.language.rawValue] ?? []).map(\.value))
        if let chosen { tags.insert(chosen) }
        let others = request.queryItems.filter { $0.0 != "needs_translation" }
        return tags.map { tag in
            let selected = tag == chosen
            return TranslationLink(
                label: language.languageName(tag),
                href: "/?" + WebContext.query(selected ? others : others + [("needs_translation", tag)]), selected: selected)
        }.sorted { $0.label < $1.label }
    }
}

extension CataloguePage.FacetLink: TemplateFields {
    var templateFields: [String: Any] { ["label": label, "count": count, "href": href, "selected": selected] }
}

extension CataloguePage.Result: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = [
            "href": href, "title": title, "titleLang": titleLang, "typeLabel": typeLabel, "member": member, "countries": countries,
            "themes": themes, "lastChange": lastChange,
        ]
        if let languageNote { fields["languageNote"] = languageNote }
        return fields
    }
}
