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
    }
}
