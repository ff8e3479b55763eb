import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicCore
import MosaicServer
import MosaicStore
import Testing

/// The listing's totals and facet counts (from the in-memory facet index) agree with SQL's
/// counts over the same records, and follow the catalogue when it changes.
@Suite struct FacetCountTests {
    func facets(_ client: any TestClientProtocol, _ query: String) async throws -> (total: Int, facets: [String: [String: Int]]) {
        let response = try await client.execute(uri: "/api/v1/records?\(query)", method: .get)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
        let facets = try #require(body["facets"] as? [String: [[String: Any]]])
        return (
            try #require(body["total"] as? Int),
            facets.mapValues { Dictionary(uniqueKeysWithValues: $0.map { ($0["value"] as! String, $0["count"] as! Int) }) }
        )
    }

    func sql(_ catalogue: NodeCatalogue, query: String?, filter: RecordFilter) async throws -> (total: Int, facets: [String: [String: Int]]) {
        let counts = try await catalogue.facetCounts(query: query, filter: filter)
        let total = try await catalogue.listing(query: query, filter: filter, sort: .title, limit: 0, offset: 0).total ?? -1
        var result: [String: [String: Int]] = [:]
        for facet in CatalogueFacet.allCases {
            result[facet.rawValue] = Dictionary(uniqueKeysWithValues: (counts[facet] ?? []).map { ($0.value, $0.count) })
        }
        return (total, result)
    }

    @Test func indexCountsEqualSQLCountsAndFollowChanges() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        var changes: [RecordChange] = []
        for index in 0..<40 {
            changes.append(
                .create(
                    type: index % 3 == 0 ? .project : .practice, nonce: "facet-nonce-\(index)",
                    assignments: [
                        .register(RegisterKey(field: "title", lang: LanguageTag(index % 2 == 0 ? "fr" : "en")!), "Fiche \(index) formation"),
                        .replaceSet(field: "themes", values: ["t\(index % 4)", "shared"]), .replaceSet(field: "countries", values: [["BE", "FR", "MD"][index % 3]]),
                        .register(RegisterKey(field: "status"), index % 3 == 0 ? "idea" : "draft"),
                    ], isPrivate: index % 10 == 0))
        }
        try await fixture.catalogue.commit(Array(changes.filter { if case .create(_, _, _, true) = $0 { false } else { true } }))
        try await fixture.catalogue.commit(Array(changes.filter { if case .create(_, _, _, true) = $0 { true } else { false } }))
        let cases: [(String, String?, RecordFilter)] = [
            ("", nil, RecordFilter()), ("theme=t1", nil, RecordFilter(theme: "t1")), ("country=MD&type=project", nil, RecordFilter(type: .project, country: "MD")),
            ("q=formation", "formation", RecordFilter()), ("q=formation&status=draft", "formation", RecordFilter(status: "draft")),
            ("theme=nothing", nil, RecordFilter(theme: "nothing")),
        ]
        try await fixture.test { client async throws in
            for (query, text, filter) in cases {
                var visitorFilter = filter
                visitorFilter.includePrivate = false  // an anonymous visitor does not see private records
                let expected = try await sql(fixture.catalogue, query: text, filter: visitorFilter)
                let actual = try await facets(client, query)
                #expect(actual.total == expected.total, "\(query)")
                #expect(actual.facets == expected.facets, "\(query)")
            }
            let before = try await facets(client, "theme=t1")
            let id = try #require(try await fixture.catalogue.list(RecordFilter(theme: "t1"), limit: 1).first?.id)
            try await fixture.catalogue.commit([.delete(id)])
            let after = try await facets(client, "theme=t1")
            #expect(after.total == before.total - 1)

            // The index follows edits, new records (beyond its rows so far) and a private record made public.
            let edited = try #require(try await fixture.catalogue.list(RecordFilter(theme: "t2"), limit: 40).first { !$0.isPrivate }?.id)
            try await fixture.catalogue.commit([
                .edit(edited, [.replaceSet(field: "themes", values: ["t9"]), .replaceSet(field: "countries", values: ["LU"])]),
                .create(
                    type: .project, nonce: "facet-nonce-late",
                    assignments: [
                        .register(RegisterKey(field: "title", lang: LanguageTag("fr")!), "Fiche tardive formation"),
                        .replaceSet(field: "themes", values: ["t9", "shared"]), .replaceSet(field: "countries", values: ["MD"]),
                    ], isPrivate: false),
            ])
            let hidden = try #require(try await fixture.catalogue.list(RecordFilter(), limit: 100).first { $0.isPrivate }?.id)
            try await fixture.catalogue.commit([.publish(hidden)])
            for (query, text, filter) in cases + [("theme=t9", nil, RecordFilter(theme: "t9")), ("country=LU", nil, RecordFilter(country: "LU"))] {
                var visitorFilter = filter
                visitorFilter.includePrivate = false
                let expected = try await sql(fixture.catalogue, query: text, filter: visitorFilter)
                let actual = try await facets(client, query)
                #expect(actual.total == expected.total, "after the edits: \(query)")
                #expect(actual.facets == expected.facets, "after the edits: \(query)")
            }
            #expect(try await facets(client, "theme=t9").total == 2)
        }
    }
}
