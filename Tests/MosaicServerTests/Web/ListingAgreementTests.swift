import Foundation
import HummingbirdTesting
import MosaicCore
import Testing

/// The catalogue page and the listing API read a query string with the one parser and count with the
/// store's one index: for the same query string they show the same total and the same facet counts.
@Suite struct ListingAgreementTests {
    /// The page's total (`#result-count`) and, per facet, the count of each value it links to
    /// (the value a link adds is the last item of its query string; the selected value is left out).
    static func pageFacets(_ client: any TestClientProtocol, _ query: String) async throws -> (total: Int, facets: [String: [String: Int]])
    {
        let page = try await DashboardTests.get(client, "/?\(query)")
        let countPattern = try Regex(#"<p id="result-count">Results: ([0-9,]+)</p>"#)
        let count = try #require(page.firstMatch(of: countPattern)?.output[1].substring)
        let total = try #require(Int(count.replacingOccurrences(of: ",", with: "")))
        let linkPattern = try Regex(
            #"<a href="([^"]*)"( aria-current="true" class="selected")?>[^<]*</a> <span class="count">([0-9,]+)</span>"#)
        var facets: [String: [String: Int]] = [:]
        for match in page.matches(of: linkPattern) where match.output[2].substring == nil {
            let href = String(try #require(match.output[1].substring)).replacingOccurrences(of: "&amp;", with: "&")
            let item = try #require(href.split(separator: "&").last?.split(separator: "=", maxSplits: 1))
            let value = try #require(String(item[1]).removingPercentEncoding)
            let number = String(try #require(match.output[3].substring)).replacingOccurrences(of: ",", with: "")
            facets[String(item[0]), default: [:]][value] = try #require(Int(number))
        }
        return (total, facets)
    }

    @Test func thePageAndTheAPIGiveTheSameTotalsAndFacets() async throws {
        let fixture = try await DashboardTests.fixture()
        try await fixture.test { client async throws in
            for query in ["", "theme=t1", "country=BE&type=project", "q=formation", "q=formation&status=draft&sort=title", "theme=nothing"]
            {
                let api = try await DashboardTests.catalogueFacets(client, query)
                let page = try await Self.pageFacets(client, query)
                #expect(page.total == api.total, "\(query)")
                #expect(api.total > 0 || query == "theme=nothing", "\(query) finds records")
                // The page links every value the API counts, but the one already selected.
                let selected = Dictionary(
                    query.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1).map(String.init) }.filter { $0.count == 2 }
                        .map { ($0[0], $0[1]) }, uniquingKeysWith: { first, _ in first })
                let expected = api.facets.compactMapValues { counts -> [String: Int]? in counts.isEmpty ? nil : counts }
                    .map { facet, counts in (facet, counts.filter { $0.key != selected[facet] }) }.filter { !$0.1.isEmpty }
                #expect(page.facets == Dictionary(uniqueKeysWithValues: expected), "\(query)")
            }
        }
    }

    @Test func theDashboardCountsTheRecordsTheAPICounts() async throws {
        let fixture = try await DashboardTests.fixture()
        try await fixture.test { client async throws in
            for query in ["", "theme=t2", "q=formation&country=FR"] {
                let api = try await DashboardTests.catalogueFacets(client, query)
                let csv = try DashboardTests.csvFigures(try await DashboardTests.get(client, "/dashboard.csv?\(query)"))
                // Each value's practices and projects add up to the catalogue's count of that value.
                for dimension in ["country", "theme", "status"] {
                    let figures = (csv[dimension] ?? [:]).mapValues(\.total)
                    #expect(figures == api.facets[dimension] ?? [:], "\(dimension) under \(query)")
                    #expect(!figures.isEmpty, "\(dimension) under \(query)")
                }
            }
        }
    }
}
