import Foundation
import MosaicCore
import MosaicStore
import Testing

/// Full-text search: every language, diacritics folded, facets, and hostile input.
@Suite struct SearchTests {
    let network = TestNetwork()

    func catalogue() async throws -> NodeCatalogue {
        let node = try network.node(TestNetwork.owner)
        let records: [(RecordType, [String])] = [
            (
                .practice,
                [
                    "title.fr=Formation en protection de l'enfance", "themes=training", "countries=BE", "status=published",
                    "summary.fr=Détecter la traite des êtres humains",
                ]
            ),
            (.practice, ["title.de=Kinderschutz in der Jugendhilfe", "themes=training|prevention", "countries=DE|AT", "status=draft"]),
            (
                .practice,
                ["title.en=Reporting survey abroad", "themes=reporting", "countries=BE", "status=published", "summary.en=600 respondents"]
            ),
            (.project, ["title.ru=Обучение сотрудников", "title.en=Staff training in Central Asia", "countries=KZ", "status=running"]),
            (.practice, ["title.fr=Enquête sur le signalement à l'étranger", "themes=reporting", "countries=FR", "status=archived"]),
        ]
        for (index, (type, fields)) in records.enumerated() {
            try await node.commit([
                .create(
                    type: type, nonce: "search-nonce-\(index)",
                    assignments: try fields.map { text throws(AuthoringError) in try FieldAssignment.parse(text) }, isPrivate: false)
            ])
        }
        return node
    }

    func titles(_ views: [RecordView]) -> Set<String> {
        Set(views.compactMap { $0.text("title", preferring: [LanguageTag("en")!])?.text })
    }

    @Test func diacriticsAreFoldedBothWays() async throws {
        let node = try await catalogue()
        #expect(titles(try await node.search("protection")) == ["Formation en protection de l'enfance"])
        #expect(titles(try await node.search("enquete signalement etranger")) == ["Enquête sur le signalement à l'étranger"])
        #expect(titles(try await node.search("détecter")) == ["Formation en protection de l'enfance"])
        #expect(titles(try await node.search("ENFANCE")).count == 1)
    }

    @Test func everyLanguageIsSearchable() async throws {
        let node = try await catalogue()
        #expect(titles(try await node.search("Kinderschutz")) == ["Kinderschutz in der Jugendhilfe"])
        #expect(titles(try await node.search("обучение")) == ["Staff training in Central Asia"])
        #expect(titles(try await node.search("respond")) == ["Reporting survey abroad"])  // prefix
    }

    /// A ranking brought up to date with the records written since holds the same matches as one
    /// read afresh, each new match in rank order.
    @Test func aRankingFollowsTheRecordsWrittenSince() async throws {
        let node = try await catalogue()
        let before = try await node.ranking("training")
        let all = try await node.list(limit: 10)
        let german = try #require(all.first { $0.text("title", preferring: [LanguageTag("de")!])?.text == "Kinderschutz in der Jugendhilfe" })
        let reporting = try #require(all.first { $0.text("title", preferring: [LanguageTag("en")!])?.text == "Reporting survey abroad" })
        try await node.commit([
            .edit(german.id, [.replaceSet(field: "themes", values: ["prevention"])]),  // no longer matches
            .edit(reporting.id, [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Reporting training abroad")]),  // now matches
            .create(
                type: .practice, nonce: "search-nonce-late",
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Training training training")], isPrivate: false),
        ])
        let updated = try #require(try await node.update(before, of: "training", limit: 100))
        let fresh = try await node.ranking("training")
        #expect(updated.touched == fresh.touched && updated.touched > before.touched)
        #expect(Set(updated.matches.map(\.rowID)) == Set(fresh.matches.map(\.rowID)))
        #expect(updated.matches.count == before.matches.count + 1)
        #expect(zip(updated.matches, updated.matches.dropFirst()).allSatisfy { ($0.rank, $0.rowID) <= ($1.rank, $1.rowID) })
        // Nothing written since: the same ranking; too much written: nil (rank again).
        #expect(try await node.update(fresh, of: "training", limit: 100)?.matches == fresh.matches)
        #expect(try await node.update(before, of: "training", limit: 1) == nil)
    }

    @Test func facetsFilter() async throws {
        let node = try await catalogue()
        #expect(titles(try await node.search("training", filter: RecordFilter(country: "DE"))) == ["Kinderschutz in der Jugendhilfe"])
        #expect(try await node.search("training", filter: RecordFilter(type: .project)).count == 1)
        #expect(try await node.list(RecordFilter(country: "BE")).count == 2)
        #expect(try await node.list(RecordFilter(theme: "reporting", status: "archived")).count == 1)
        #expect(try await node.list(RecordFilter(member: "owner-be")).count == 5)
        #expect(try await node.list(RecordFilter(language: "de")).count == 1)
    }

    @Test(arguments: [
        "\"", "*", "NEAR", "NEAR(a b)", "-", "a -b", "title:x", "'; DROP TABLE record; --", "\" OR 1=1 --", "^", "(((", "AND OR NOT",
        "protection*", "{a b}", "\u{0}", String(repeating: "x ", count: 500), "😀", "%", "_",
    ])
    func hostileInputNeverCrashesOrLeaksSQL(query: String) async throws {
        let node = try await catalogue()
        do {
            _ = try await node.search(query)
        } catch let failure as SearchQuery.Failure {
            #expect(failure.description.contains("nothing to search for"))
        }
        #expect(try await node.list().count == 5)  // the table is still there
    }

    @Test func deletedRecordsAreNotFound() async throws {
        let node = try await catalogue()
        let id = try #require(try await node.search("Kinderschutz").first?.id)
        try await node.commit([.delete(id)])
        #expect(try await node.search("Kinderschutz").isEmpty)
        #expect(try await node.list().count == 4)
    }

    @Test func editsUpdateTheIndex() async throws {
        let node = try await catalogue()
        let id = try #require(try await node.search("Kinderschutz").first?.id)
        try await node.commit([.edit(id, try assign("title.de=Jugendschutz und Prävention"))])
        #expect(try await node.search("Kinderschutz").isEmpty)
        #expect(try await node.search("praevention praven").isEmpty)
        #expect(try await node.search("Pravention").count == 1)
    }
}
