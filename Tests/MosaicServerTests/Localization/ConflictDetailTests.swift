import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicCore
import MosaicStore
import Testing

@testable import MosaicServer

/// Delete-vs-edit conflicts name who deleted, who edited and when, in the API and on the page.
@Suite struct ConflictDetailTests {
    /// The fixture's `plain` practice deleted by its owner (alpha) while the coordinator, who had not
    /// seen the delete, set its status.
    static func deletedWhileEdited() async throws -> WebFixture {
        let fixture = try await WebFixture.make(anonymousRead: true)
        let coord = NodeCatalogue(
            store: try CatalogueStore.inMemory(member: WebFixture.coord), member: WebFixture.coord,
            signingKey: DemoKeys.signingKey(for: WebFixture.coord), directory: fixture.setup.directory)
        _ = try await coord.apply(
            try await fixture.catalogue.commits(after: VersionVector(), limit: 1_000).commits, relay: WebFixture.alpha)
        try await fixture.catalogue.commit([.delete(fixture.plain)])
        try await coord.commit([.edit(fixture.plain, [.register(RegisterKey(field: "status"), "archived")])])
        let held = try await fixture.catalogue.vector()
        _ = try await fixture.catalogue.apply(try await coord.commits(after: held, limit: 100).commits, relay: WebFixture.coord)
        return fixture
    }

    @Test func theAPINamesTheDeleterTheEditorAndTheirTimes() async throws {
        let fixture = try await Self.deletedWhileEdited()
        let history = try await fixture.catalogue.history(fixture.plain)
        let delete = try #require(history.first { if case .delete = $0.operation { true } else { false } })
        let edit = try #require(history.last { $0.author == WebFixture.coord })
        try await fixture.test { client async throws in
            let response = try await client.execute(
                uri: "/api/v1/conflicts", method: .get, headers: WebFixture.bearer(fixture.bossToken, json: false))
            let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            let items = try #require(body["items"] as? [[String: Any]])
            let conflict = try #require(items.first { $0["kind"] as? String == "delete" })
            #expect(conflict["id"] as? String == "\(fixture.plain.rawValue)/delete")
            #expect(conflict["deleted_by"] as? String == "alpha")
            #expect(conflict["deleted_at"] as? String == Moment.rfc3339(delete.hlc.wallMillis))
            let edits = try #require(conflict["edited_by"] as? [[String: Any]])
            #expect(edits.count == 1)
            #expect(edits.first?["member"] as? String == "coord")
            #expect(edits.first?["at"] as? String == Moment.rfc3339(edit.hlc.wallMillis))
            #expect(edits.first?["write"] as? String == edit.id.description)
            #expect((conflict["values"] as? [Any])?.isEmpty == true, "`values` stays, empty for a delete")
            // A field conflict carries the new keys empty.
            let field = try #require(items.first { $0["kind"] as? String == "field" })
            #expect(field["deleted_by"] is NSNull && field["deleted_at"] is NSNull && (field["edited_by"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func theConflictsPageTellsWhatHappenedInTheReadersLanguage() async throws {
        let fixture = try await Self.deletedWhileEdited()
        try await fixture.test { client async throws in
            let english = String(buffer: try await client.execute(uri: "/conflicts", method: .get).body)
            #expect(english.contains("Deleted by Organisation alpha on "))
            #expect(english.contains("Edited by Organisation coord on ") && english.contains(", without seeing the delete."))
            let german = String(buffer: try await client.execute(uri: "/conflicts?lang=de", method: .get).body)
            #expect(german.contains("Gelöscht von Organisation alpha am "))
            #expect(german.contains("Bearbeitet von Organisation coord am "))
            let russian = String(buffer: try await client.execute(uri: "/conflicts?lang=ru", method: .get).body)
            #expect(russian.contains("Удалено участником Organisation alpha, "))
        }
    }
}
