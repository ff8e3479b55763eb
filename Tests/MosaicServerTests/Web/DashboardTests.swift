import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicCore
import MosaicStore
import Testing

@testable import MosaicServer

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The dashboard (`/dashboard`, `/dashboard.csv`): its charts and its CSV give the catalogue's own
/// facet counts, under the catalogue's filters; every text is escaped or guarded; it is translated.
@Suite struct DashboardTests {
    /// Counts per dimension and value: (practices, projects).
    typealias Figures = [String: [String: Counts]]

    struct Counts: Equatable, CustomStringConvertible {
        let practices: Int
        let projects: Int
        var total: Int { practices + projects }
        var description: String { "\(practices)+\(projects)" }
    }

    static let years = ["2019", "2021", "2024"]

    /// The web fixture plus 30 records: practices with years, projects, over three countries, four themes and statuses.
    static func fixture() async throws -> WebFixture {
        let fixture = try await WebFixture.make(anonymousRead: true)
        var changes: [RecordChange] = []
        for index in 0..<30 {
            let isProject = index % 3 == 0
            var assignments: [FieldAssignment] = [
                .register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Record \(index) formation"),
                .replaceSet(field: "themes", values: ["t\(index % 4)", "shared"]),
                .replaceSet(field: "countries", values: [["BE", "FR", "MD"][index % 3]]),
                .register(
                    RegisterKey(field: "status"),
                    isProject ? (index % 2 == 0 ? "idea" : "funded") : (index % 2 == 0 ? "draft" : "published")),
            ]
            if !isProject { assignments.append(.register(RegisterKey(field: "year"), years[index % 3])) }
            changes.append(
                .create(type: isProject ? .project : .practice, nonce: "dashboard-\(index)", assignments: assignments, isPrivate: false))
        }
        try await fixture.catalogue.commit(changes)
        return fixture
    }

    static func get(_ client: any TestClientProtocol, _ uri: String) async throws -> String {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .ok, "\(uri)")
        return String(buffer: response.body)
    }

    /// The figures the page's charts draw, read from each section's SVG (`data-value` and the two value texts of each bar group).
    static func svgFigures(_ page: String) throws -> Figures {
        var figures: Figures = [:]
        for dimension in ["country", "theme", "year", "status"] {
            let start = try #require(page.range(of: "<section id=\"dashboard-\(dimension)\""), "section \(dimension)")
            let section = page[start.lowerBound...].prefix { _ in true }
            let end = try #require(section.range(of: "</section>"))
            let text = String(section[..<end.lowerBound])
            var values: [String: Counts] = [:]
            let bars =
                #/<g class="bars" data-value="([^"]*)"><text class="bar-label"[^>]*>([^<]+)</text>\s*<rect class="bar-practices"[^>]*/><text class="bar-value"[^>]*>([0-9]+)</text>\s*<rect class="bar-projects"[^>]*/><text class="bar-value"[^>]*>([0-9]+)</text>/#
            for match in text.matches(of: bars) {
                values[String(match.output.1)] = Counts(practices: Int(match.output.3)!, projects: Int(match.output.4)!)
            }
            figures[dimension] = values
        }
        return figures
    }

    /// The figures of the CSV, its cells unguarded (as an import reads them).
    static func csvFigures(_ text: String) throws -> Figures {
        let rows = try CSVReader.rows(Array(text.utf8)).map { $0.row.map(CSVWriter.unguard) }
        #expect(rows.first == ["dimension", "value", "label", "practices", "projects", "total"])
        var figures: Figures = [:]
        for row in rows.dropFirst() {
            let counts = Counts(practices: Int(row[3])!, projects: Int(row[4])!)
            #expect(counts.total == Int(row[5])!, "\(row)")
            figures[row[0], default: [:]][row[1]] = counts
        }
        return figures
    }

    /// The catalogue's total and facet counts from the listing API (the catalogue page's source).
    static func catalogueFacets(_ client: any TestClientProtocol, _ query: String) async throws -> (
        total: Int, facets: [String: [String: Int]]
    ) {
        let body = try #require(
            try JSONSerialization.jsonObject(with: Data(try await get(client, "/api/v1/records?\(query)").utf8)) as? [String: Any])
        let facets = try #require(body["facets"] as? [String: [[String: Any]]])
        return (
            try #require(body["total"] as? Int),
            facets.mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0["value"] as! String, $0["count"] as! Int) }) }
        )
    }

    @Test func theChartsAndTheCSVGiveTheCataloguesFacetCountsUnderEachFilter() async throws {
        // setup
        let fixture = try await Self.fixture()
        try await fixture.test { client async throws in
            for query in ["", "theme=t1", "country=MD&type=project", "q=formation", "status=draft&country=FR", "theme=nothing"] {
                // MUT
                let svg = try Self.svgFigures(try await Self.get(client, "/dashboard?\(query)"))
                let csv = try Self.csvFigures(try await Self.get(client, "/dashboard.csv?\(query)"))
                let catalogue = try await Self.catalogueFacets(client, query)
                // validate
                #expect(svg == csv.merging(["country": [:], "theme": [:], "year": [:], "status": [:]]) { kept, _ in kept }, "\(query)")
                for dimension in ["country", "theme", "status"] {
                    #expect(svg[dimension]?.mapValues(\.total) == catalogue.facets[dimension], "\(query) \(dimension)")
                }
                let typeCounts = catalogue.facets["type"] ?? [:]
                let types = svg["country"]!.values.reduce(Counts(practices: 0, projects: 0)) {
                    Counts(practices: $0.practices + $1.practices, projects: $0.projects + $1.projects)
                }
                // Every record of the fixture has one country: the country counts add up to the catalogue's per type.
                #expect(types.practices == typeCounts["practice"] ?? 0 && types.projects == typeCounts["project"] ?? 0, "\(query)")
            }
            // Years: only practices have one; the fixture gave every third practice each year.
            let all = try Self.svgFigures(try await Self.get(client, "/dashboard"))
            let practicesByYear = Dictionary(
                grouping: (0..<30).filter { $0 % 3 != 0 }.map { Self.years[$0 % 3] }, by: { $0 }
            ).mapValues { Counts(practices: $0.count, projects: 0) }
            #expect(all["year"] == practicesByYear)
            let filtered = try Self.svgFigures(try await Self.get(client, "/dashboard?country=FR"))
            #expect(
                filtered["year"] == ["2021": Counts(practices: 10, projects: 0)], "the FR records are the practices with index % 3 == 1")
        }
    }

    @Test func theChartsHaveATitleADescriptionAndTextLabelsAndAreWellFormed() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client async throws in
            let page = try await Self.get(client, "/dashboard")
            let charts = page.matches(of: #/<svg class="chart"[\s\S]*?</svg>/#).map { String($0.output) }
            #expect(charts.count == 4, "one chart per dimension")
            for chart in charts {
                let labelled = try #require(chart.firstMatch(of: #/role="img" aria-labelledby="([^" ]+) ([^" ]+)"/#))
                #expect(chart.contains("<title id=\"\(labelled.output.1)\">") && chart.contains("<desc id=\"\(labelled.output.2)\">"))
                let groups = chart.matches(of: #/<g class="bars"/#).count
                #expect(
                    groups > 0 && chart.matches(of: #/class="bar-value"[^>]*>[0-9]+</#).count == 2 * groups,
                    "each bar has its count as text")
                #expect(chart.matches(of: #/class="bar-label"[^>]*>[^<]+</#).count == groups, "each value has its label as text")
                #expect(XMLParser(data: Data(chart.utf8)).parse(), "the SVG is well-formed XML:\n\(chart.prefix(400))")
            }
            #expect(page.contains("<details class=\"dashboard-table\">") && page.contains("<th scope=\"row\">"), "the text alternative")
            #expect(!page.contains("<script>") || page.contains("<script src=\"/static/mosaic.js\" defer></script>"))
        }
    }

    @Test func hostileThemesAreEscapedInTheSVGAndGuardedInTheCSV() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        let script = #"<script>alert("x")</script>"#, quotes = #""&'"#, formula = #"=HYPERLINK("http://evil.example")"#
        try await fixture.catalogue.commit([
            .create(
                type: .practice, nonce: "hostile-nonce",
                assignments: [
                    .register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Hostile"),
                    .replaceSet(field: "themes", values: [script, quotes, formula]), .replaceSet(field: "countries", values: ["BE"]),
                ], isPrivate: false)
        ])
        try await fixture.test { client async throws in
            let page = try await Self.get(client, "/dashboard")
            #expect(!page.contains(script) && !page.contains(quotes))
            #expect(page.contains(">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</text>"), "escaped in the chart")
            #expect(page.contains("data-value=\"&quot;&amp;&#39;\"") && page.contains(">&quot;&amp;&#39;</text>"))
            for chart in page.matches(of: #/<svg class="chart"[\s\S]*?</svg>/#) {
                #expect(XMLParser(data: Data(String(chart.output).utf8)).parse(), "still well-formed XML")
            }
            let figures = try Self.svgFigures(page)
            #expect(figures["theme"]?["&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"] == Counts(practices: 1, projects: 0))

            let csv = try await Self.get(client, "/dashboard.csv")
            #expect(csv.contains(#"theme,"'=HYPERLINK(""http://evil.example"")","'=HYPERLINK"#), "the formula guard, value and label")
            #expect(!csv.contains(#","=HYPERLINK"#) && !csv.contains(",=HYPERLINK"))
            let themes = try Self.csvFigures(csv)["theme"] ?? [:]
            for value in [script, quotes, formula] { #expect(themes[value] == Counts(practices: 1, projects: 0), "\(value) reads back") }
        }
    }

    @Test func germanAndRussianDashboardsShowTranslatedLabels() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.catalogue.commit([.edit(fixture.plain, [.register(RegisterKey(field: "status"), "published")])])
        try await fixture.test { client async throws in
            let german = try await Self.get(client, "/dashboard?lang=de")
            #expect(german.contains("<h1>Übersicht</h1>") && german.contains(">Nach Land</h2>") && german.contains(">Nach Thema</h2>"))
            #expect(
                german.contains(">Belgien</text>") && german.contains(">Fortbildung</text>") && german.contains(">Veröffentlicht</text>"))
            #expect(german.contains(">Praktiken</text>") && german.contains("2 Einträge: 2 Praktiken, 0 Projekte."))
            #expect(!german.contains(">BE</text>") && !german.contains(">training</text>") && !german.contains(">published</text>"))
            #expect(german.contains("<a href=\"/dashboard\">Übersicht</a>"), "the layout's navigation")

            let russian = try await Self.get(client, "/dashboard?lang=ru")
            #expect(russian.contains("<h1>Сводка</h1>") && russian.contains(">По странам</h2>"))
            #expect(russian.contains(">Бельгия</text>") && russian.contains(">Обучение</text>") && russian.contains(">Опубликовано</text>"))
            #expect(!russian.contains(">BE</text>") && !russian.contains(">training</text>"))

            let csv = try await Self.get(client, "/dashboard.csv?lang=de")
            #expect(Array(csv.utf8.prefix(3)) == CSVWriter.byteOrderMark, "a spreadsheet reads it as UTF-8")
            #expect(csv.contains("country,BE,Belgien,2,0,2\r\n"), "the CSV keeps the code and adds the label")
        }
    }

    @Test func theCatalogueAndTheDashboardLinkToEachOtherWithTheirFilters() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client async throws in
            let catalogue = try await Self.get(client, "/?theme=t1&country=FR")
            #expect(catalogue.contains("id=\"dashboard-link\" href=\"/dashboard?country=FR&amp;theme=t1\""))
            let dashboard = try await Self.get(client, "/dashboard?theme=t1&country=FR")
            #expect(dashboard.contains("id=\"catalogue-link\" href=\"/?country=FR&amp;theme=t1\""))
            #expect(dashboard.contains("id=\"csv-link\" href=\"/dashboard.csv?country=FR&amp;theme=t1\""))
            #expect(dashboard.contains("<a href=\"/dashboard?theme=t1\">remove</a>"), "removing the country filter keeps the theme")
        }
    }

    @Test func chartsDrawTheMostFrequentValuesOrTheLatestYearsAndTheCSVHasThemAll() async throws {
        // setup: 32 practices, each with its own year (1990 to 2021) and its own theme
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.catalogue.commit(
            (0..<32).map { index in
                .create(
                    type: .practice, nonce: "dashboard-cap-\(index)",
                    assignments: [
                        .register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Capped \(index)"),
                        .register(RegisterKey(field: "year"), String(1990 + index)), .replaceSet(field: "themes", values: ["cap-\(index)"]),
                    ], isPrivate: false)
            })
        try await fixture.test { client async throws in
            // MUT
            let page = try await Self.get(client, "/dashboard")
            let figures = try Self.svgFigures(page)
            let csv = try Self.csvFigures(try await Self.get(client, "/dashboard.csv"))
            // validate
            #expect(figures["year"]?.count == DashboardPage.chartValues)
            #expect(figures["year"]?["2021"] != nil && figures["year"]?["1991"] == nil, "the latest years are drawn")
            #expect(figures["theme"]?.count == DashboardPage.chartValues)
            #expect(csv["year"]?.count == 32 && csv["theme"]?.count == 34, "the CSV has every value (the fixture's 2 other themes too)")
            #expect(page.contains("The chart shows 30 of the 32 values"), "the year chart says what it leaves out")
            #expect(page.contains("<th scope=\"row\">1990</th>"), "the table lists the years the chart leaves out")
        }
    }

    @Test func badFiltersAreRefusedWithTheParameterNamed() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client async throws in
            let page = try await client.execute(uri: "/dashboard?type=nonsense", method: .get)
            #expect(page.status == .badRequest)
            #expect(String(buffer: page.body).contains("The value of “type” is not valid: expected practice or project."))
            let csv = try await client.execute(uri: "/dashboard.csv?country=" + String(repeating: "x", count: 101), method: .get)
            #expect(csv.status == .badRequest)
            #expect(String(buffer: csv.body).contains("country: at most 100 characters"))
        }
    }
}
