import Foundation
import Testing

/// `record list` and `search` read their filters with the catalogue's one query parser
/// (`ListingRequest`, as the pages and the API do): the same values are refused with the same rule,
/// the option named.
@Suite struct FilterOptionsCommandTests {
    @Test func badFiltersAreRefusedByTheSharedParserWithTheOptionNamed() throws {
        let demo = try DemoCopy()
        try demo.run("ecpat-be", ["import", demo.path("Config/demo/catalogue/ecpat-be.json")])

        let badType = try demo.run("ecpat-be", ["search", "ReACT", "--type", "report"], expectFailure: true)
        #expect(badType.standardError.contains("--type must be practice or project"), "\(badType.standardError)")
        let longTheme = try demo.run("ecpat-be", ["record", "list", "--theme", String(repeating: "t", count: 101)], expectFailure: true)
        #expect(longTheme.standardError.contains("--theme must be at most 100 characters"), "\(longTheme.standardError)")

        // An empty filter means any, as an empty query parameter does on the page.
        let all = try demo.json("ecpat-be", ["record", "list", "--theme", ""]) as? [[String: Any]]
        let unfiltered = try demo.json("ecpat-be", ["record", "list"]) as? [[String: Any]]
        #expect(all?.count == unfiltered?.count)
        #expect((unfiltered?.count ?? 0) > 0)
        let found = try demo.json("ecpat-be", ["search", "ReACT", "--type", "practice"]) as? [[String: Any]]
        #expect(found?.isEmpty == false)

        // A country must be a code (a name would match nothing, silently), here as on the page and the API.
        let named = try demo.run("ecpat-be", ["record", "list", "--country", "germany"], expectFailure: true)
        #expect(named.standardError.contains("--country must be an ISO 3166-1 alpha-2 code"), "\(named.standardError)")
        // "Needs translation into X": the records lacking X in a text they have, or holding it out of date.
        let needing = try #require(try demo.json("ecpat-be", ["record", "list", "--needs-translation", "ru"]) as? [[String: Any]])
        #expect(!needing.isEmpty && needing.count <= (unfiltered?.count ?? 0))
        let badLanguage = try demo.run("ecpat-be", ["record", "list", "--needs-translation", "Russian"], expectFailure: true)
        #expect(badLanguage.standardError.contains("--needs-translation must be a language tag"), "\(badLanguage.standardError)")
    }
}
