import Foundation
import GRDB
import MosaicCore
import MosaicStore
import Testing

/// The store's read index (``CatalogueIndex``): its totals and facet counts equal SQL's over the same
/// records, it follows every write, and a relevance page is a slice of the query's full ranking.
@Suite struct CatalogueIndexTests {
    let network = TestNetwork()

    /// 48 records: types, themes, countries, statuses and years in turn, every seventh private,
    /// every other one with "formation" in its title.
    func seeded() async throws -> NodeCatalogue {
        let node = try network.node(TestNetwork.owner)
        var changes: [RecordChange] = []
        for index in 0..<48 {
            let words = index % 2 == 0 ? "Formation \(index) protection" : "Atelier \(index)"
            let isProject = index % 3 == 0
            changes.append(
                .create(
                    type: isProject ? .project : .practice, nonce: "index-nonce-\(index)",
                    assignments: try [
                        "title.fr=\(words)", "themes=t\(index % 4)|shared", "countries=\(["BE", "FR", "MD", "KZ"][index % 4])",
                        "status=\(isProject ? "running" : (index % 2 == 0 ? "draft" : "published"))",
                        // Only practices have a year.
                        isProject ? "budget_eur=\(1000 * index)" : "year=\(2020 + index % 5)",
                    ].map { text throws(AuthoringError) in try FieldAssignment.parse(text) }, isPrivate: index % 7 == 0))
        }
        try await node.commit(changes.filter { if case .create(_, _, _, true) = $0 { false } else { true } })
        try await node.commit(changes.filter { if case .create(_, _, _, true) = $0 { true } else { false } })
        return node
    }

    func request(_ query: String) throws -> ListingRequest {
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            parameters[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        return try ListingRequest(parameters)
    }

    /// How many shown records `filter` keeps and their values per facet, counted in SQL written out here.
    func directCounts(_ node: NodeCatalogue, filter: RecordFilter) async throws -> (total: Int, facets: [String: [String: Int]]) {
        var conditions = ["r.state = 'alive'"]
        var arguments: [String] = []
        if !filter.includePrivate { conditions.append("r.private = 0") }
        if let type = filter.type {
            conditions.append("r.type = ?")
            arguments.append(type.rawValue)
        }
        for (facet, value) in [("theme", filter.theme), ("country", filter.country), ("status", filter.status)] {
            guard let value else { continue }
            conditions.append("r.rowid IN (SELECT record FROM record_facet WHERE facet = ? AND value = ?)")
            arguments += [facet, value]
        }
        let condition = conditions.joined(separator: " AND ")
        let values = arguments
        return try await node.store.writer.read { db in
            let total =
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record r WHERE \(condition)", arguments: StatementArguments(values)) ?? 0
            var facets: [String: [String: Int]] = [:]
            for row in try Row.fetchAll(
                db,
                sql:
                    "SELECT f.facet, f.value, COUNT(*) FROM record_facet f JOIN record r ON r.rowid = f.record WHERE \(condition) GROUP BY f.facet, f.value",
                arguments: StatementArguments(values))
            {
                facets[row[0], default: [:]][row[1]] = row[2]
            }
            return (total, facets)
        }
    }

    func indexCounts(_ node: NodeCatalogue, _ request: ListingRequest) async throws -> (total: Int, facets: [String: [String: Int]]) {
        let listing = try await node.index.listing(request, facetLimit: .max)
        var facets: [String: [String: Int]] = [:]
        for (facet, counts) in listing.facets where !counts.isEmpty {
            facets[facet.rawValue] = Dictionary(uniqueKeysWithValues: counts.map { ($0.value, $0.count) })
        }
        return (listing.total, facets)
    }

    @Test func countsEqualADirectSQLCount() async throws {
        let node = try await seeded()
        for query in ["", "theme=t1", "type=project&country=MD", "status=draft&theme=shared", "theme=nothing"] {
            for includePrivate in [true, false] {
                var asked = try request(query)
                asked.filter.includePrivate = includePrivate
                let expected = try await directCounts(node, filter: asked.filter)
                let actual = try await indexCounts(node, asked)
                #expect(actual.total == expected.total, "\(query), private \(includePrivate)")
                // The listing counts the catalogue's facets (SQL also finds `year`, which the dashboard counts).
                let listed = Set(CatalogueFacet.allCases.map(\.rawValue))
                #expect(actual.facets == expected.facets.filter { listed.contains($0.key) }, "\(query), private \(includePrivate)")
            }
        }
        #expect(try await indexCounts(node, try request("")).total == 48)
    }

    @Test func countsByTypeEqualADirectSQLCount() async throws {
        let node = try await seeded()
        let asked = try request("theme=t2")
        let figures = try await node.index.counts(byType: ["country", "year"], asked)
        for type in RecordType.allCases {
            var filter = asked.filter
            filter.type = type
            let expected = try await directCounts(node, filter: filter)
            let counts = try #require(figures[type])
            #expect(counts.total == expected.total)
            for facet in ["country", "year"] {
                #expect(
                    Dictionary(uniqueKeysWithValues: (counts.facets[facet] ?? []).map { ($0.value, $0.count) }) == expected.facets[facet]
                        ?? [:])
            }
        }
        #expect(
            try await node.index.counts(byType: ["year"], try request("type=project")).keys.sorted { $0.rawValue < $1.rawValue } == [
                .project
            ])
    }

    @Test func aWriteBumpsTheVersionAndTheNextReadSeesIt() async throws {
        let node = try await seeded()
        let asked = try request("theme=t3")
        let before = try await node.index.listing(asked, facetLimit: 25).total
        let version = try await node.catalogueVersion()
        try await node.commit([
            .create(
                type: .practice, nonce: "index-late",
                assignments: try ["title.fr=Fiche tardive", "themes=t3", "countries=LU"].map {
                    text throws(AuthoringError) in try FieldAssignment.parse(text)
                }, isPrivate: false)
        ])
        #expect(try await node.catalogueVersion() > version)
        let after = try await node.index.listing(asked, facetLimit: 25)
        #expect(after.total == before + 1)
        #expect(after.facets[.country]?.contains(FacetCount(value: "LU", count: 1)) == true)

        // A delete: the next read counts one fewer, and the page no longer holds the record.
        let gone = try #require(try await node.list(RecordFilter(theme: "t3"), limit: 1).first?.id)
        try await node.commit([.delete(gone)])
        let afterDelete = try await node.index.listing(asked, facetLimit: 25)
        #expect(afterDelete.total == before)
        #expect(try await directCounts(node, filter: asked.filter).total == afterDelete.total)
    }

    @Test func aRelevancePageIsASliceOfTheFullRankingFiltered() async throws {
        let node = try await seeded()
        var asked = try request("q=formation&theme=shared&country=BE&sort=relevance")
        asked.perPage = 3
        func pages() async throws -> [Int64] {
            var rows: [Int64] = []
            for page in 1...10 {
                asked.page = page
                rows += try await node.index.listing(asked, facetLimit: 25).entries.map(\.rowID)
            }
            return rows
        }
        func expected() async throws -> [Int64] {
            let kept = Set(
                try await node.listing(query: "formation", filter: asked.filter, sort: .title, limit: 1000, offset: 0).rows.map(\.rowID))
            return try await node.ranking("formation").matches.map(\.rowID).filter(kept.contains)
        }
        let first = try await pages()
        #expect(!first.isEmpty)
        #expect(first == (try await expected()))

        // After an edit the index's ranking is brought up to date, and still slices the same way.
        let edited = try #require(try await node.list(RecordFilter(country: "BE"), limit: 40).first { !$0.isPrivate }?.id)
        try await node.commit([.edit(edited, [try FieldAssignment.parse("title.fr=Formation formation protection")])])
        #expect(try await pages() == (try await expected()))
    }

    @Test func aPageCarriesTheHashOfEachView() async throws {
        let node = try await seeded()
        var asked = try request("sort=title")
        asked.perPage = 5
        let entries = try await node.index.listing(asked, facetLimit: 25).entries
        let rows = try await node.listingRows(entries.map(\.rowID))
        #expect(rows.map(\.rowID) == entries.map(\.rowID))
        #expect(rows.map(\.viewHash) == entries.map(\.viewHash))
        #expect(
            try await node.listing(query: nil, filter: asked.filter, sort: .title, limit: 5, offset: 0).rows.map(\.rowID)
                == entries.map(\.rowID))
    }
}
