import Foundation
import GRDB
import MosaicCore
import Testing

@testable import MosaicStore

/// Translations kept fresh in the store: the `needs_translation` filter (SQL path), who may confirm,
/// and the one-time refresh of views stored by an older build (`issue-fresh-refresh-views`).
@Suite struct TranslationFreshnessStoreTests {
    let network = TestNetwork()
    static let titleFR = RegisterKey(field: "title", lang: LanguageTag("fr")!)
    static let titleEN = RegisterKey(field: "title", lang: LanguageTag("en")!)

    /// A practice of the owner's, in French and English, whose French title was then rewritten.
    func rewritten() async throws -> (NodeCatalogue, RecordID) {
        let node = try network.node(TestNetwork.owner)
        let made = try await node.commit([
            .create(
                type: .practice, nonce: "fresh-nonce-1",
                assignments: [.register(Self.titleFR, "Formation"), .register(Self.titleEN, "Training")], isPrivate: false)
        ])
        let record = made.created[0]
        try await node.commit([.edit(record, [.register(Self.titleFR, "Formation des éducateurs")])])
        return (node, record)
    }

    func needing(_ lang: String, in node: NodeCatalogue) async throws -> [RecordID] {
        var filter = RecordFilter()
        filter.needsTranslation = lang
        return try await node.list(filter).map(\.id)
    }

    @Test func theFilterKeepsRecordsLackingOrStaleInALanguage() async throws {
        let (node, record) = try await rewritten()
        #expect(try await needing("en", in: node) == [record])  // English stale
        #expect(try await needing("fr", in: node).isEmpty)
        #expect(try await needing("de", in: node) == [record])  // no German
        try await node.confirm(record, Self.titleEN)
        #expect(try await needing("en", in: node).isEmpty)
    }

    @Test func aMemberWhoMayNotWriteTheRecordCannotConfirmIt() async throws {
        let (node, record) = try await rewritten()
        let other = try network.node(TestNetwork.member)
        _ = try await other.apply(try await node.commits(after: VersionVector(), limit: 100).commits, relay: TestNetwork.owner)
        let before = try await other.vector()
        await #expect(throws: AuthoringError.self) { try await other.confirm(record, Self.titleEN) }
        #expect(try await other.vector() == before)
        // A coordinator may.
        let coordinator = try network.node(TestNetwork.coordinator)
        _ = try await coordinator.apply(try await node.commits(after: VersionVector(), limit: 100).commits, relay: TestNetwork.owner)
        try await coordinator.confirm(record, Self.titleEN)
        #expect(try await coordinator.record(record)?.stale.isEmpty == true)
    }

    @Test func viewsStoredByAnOlderBuildAreComputedAgainOnce() async throws {
        // setup: the record's view and facets as a build without the rule stored them, marked by the migration.
        let (node, record) = try await rewritten()
        let digest = try await node.status().digest
        try await node.store.writer.write { db in
            let text = try #require(try String.fetchOne(db, sql: "SELECT view FROM record WHERE id = ?", arguments: [record.rawValue]))
            var object = try #require(try JSONParser.parse(Array(text.utf8)).objectValue)
            #expect(object["stale"] != nil)
            object["stale"] = nil
            let old = JSONValue.object(object).canonicalBytes
            try db.execute(
                sql: "UPDATE record SET view = ?, view_hash = ? WHERE id = ?",
                arguments: [String(decoding: old, as: UTF8.self), Data(CatalogueDigest.hash(ofViewBytes: old)), record.rawValue])
            try db.execute(sql: "DELETE FROM record_facet WHERE facet = ?", arguments: [Facets.translated])
            try db.execute(sql: "INSERT INTO view_refresh_pending (record) VALUES (?)", arguments: [record.rawValue])
        }
        #expect(try await node.record(record)?.stale.isEmpty == true)
        #expect(try await node.status().digest != digest)

        // MUT
        let refreshed = try node.refreshPendingViews()

        // validate
        #expect(refreshed == 1)
        #expect(try await node.record(record)?.stale[Self.titleEN]?.changedLanguage == LanguageTag("fr"))
        #expect(try await node.status().digest == digest)
        #expect(try await needing("fr", in: node).isEmpty)
        #expect(try node.refreshPendingViews() == 0)
    }
}
