import Foundation
import GRDB
import MosaicCore

@testable import MosaicStore

/// Databases of every earlier schema version (`Fixtures/schema-NN-<migration>.sqlite`), for the
/// migration tests. Each is made by `DatabaseMigrator.migrate(_:upTo:)` on the node's own migration
/// list, then filled by plain SQL (migrations never use application types, and neither do these
/// old schemas) with what a small network produced: records, commits, a conflict, a peer.
///
/// Regenerate them after a new migration (the newest schema then becomes an earlier one):
/// `scripts/regenerate-schema-fixtures.sh`, which runs ``SchemaFixtureTests`` with
/// `MOSAIC_WRITE_SCHEMA_FIXTURES=1`.
enum SchemaFixtures {
    /// The committed fixtures, in the source tree.
    static let sourceFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The copies the test bundle carries (the target's resources).
    static var bundledFolder: URL? { Bundle.module.url(forResource: "Fixtures", withExtension: nil) }

    /// Every earlier schema version: each migration but the last, in order.
    static var earlierVersions: [String] { Array(StoreMigrations.migrator.migrations.dropLast()) }

    /// `schema-02-v2-catalogue.sqlite`.
    static func fileName(_ migration: String) -> String {
        let index = StoreMigrations.migrator.migrations.firstIndex(of: migration).map { $0 + 1 } ?? 0
        return String(format: "schema-%02d-%@.sqlite", index, migration)
    }

    /// The network whose data the fixtures hold, made by this build (deterministic keys, nonces and clock).
    struct Source {
        let owner: NodeCatalogue
        let records: [RecordID]
    }

    static func source() async throws -> Source {
        let network = TestNetwork()
        let clock = TestClock()
        let owner = try network.node(TestNetwork.owner, clock: clock)
        let member = try network.node(TestNetwork.member, clock: clock)
        let coordinator = try network.node(TestNetwork.coordinator, clock: clock)
        var records: [RecordID] = []
        for (index, title) in ["title.en=Training youth workers", "title.fr=Protection de l'enfance", "title.de=Sichere Räume"].enumerated()
        {
            clock.advance(1000)
            records += try await owner.commit([
                .create(
                    type: .practice, nonce: "schema-fixture-\(index)",
                    assignments: try assign(title, "themes=trafficking", "status=published"),
                    isPrivate: false)
            ]).created
        }
        clock.advance(1000)
        records += try await member.commit([
            .create(type: .project, nonce: "schema-fixture-member", assignments: try assign("title.en=Shelter network"), isPrivate: false)
        ]).created
        try await member.push(to: owner)
        try await owner.push(to: coordinator)
        // Concurrent edits of one field: a conflict on the owner's node.
        clock.advance(1000)
        try await owner.commit([.edit(records[0], try assign("status=draft"))])
        try await coordinator.commit([.edit(records[0], try assign("status=archived"))])
        try await coordinator.push(to: owner)
        return Source(owner: owner, records: records)
    }

    /// Writes the database of schema version `migration` holding `source`'s data at `path`.
    static func make(_ migration: String, from source: Source, at path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        let rows = try source.owner.store.writer.read { db in
            var tables: [String: [Row]] = [:]
            for table in copiedTables { tables[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table)") }
            return tables
        }
        // The smallest pages, so that a committed fixture is a few kilobytes (a table or index takes a page at least).
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA page_size = 512") }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try StoreMigrations.migrator.migrate(queue, upTo: migration)
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO node_identity (singleton, member, created_at) VALUES (1, ?, '2025-11-24 16:00:00.000')",
                arguments: [TestNetwork.owner.rawValue])
            for table in copiedTables where try db.tableExists(table) {
                let columns = Set(try db.columns(in: table).map(\.name))
                for row in rows[table] ?? [] {
                    let names = row.columnNames.filter { columns.contains($0) }
                    let sql =
                        "INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
                    try db.execute(sql: sql, arguments: StatementArguments(names.map { row[$0] as DatabaseValue }))
                }
            }
            if try db.tableExists("record_search") { try db.execute(sql: "INSERT INTO record_search(record_search) VALUES('rebuild')") }
            if try db.tableExists("peer_state") {
                try db.execute(
                    sql: """
                        INSERT INTO peer_state (peer, last_attempt, last_success, consecutive_failures, commits_received, bytes_received, lag)
                        VALUES (?, 1764000009000, 1764000009000, 0, 2, 4096, 0)
                        """,
                    arguments: [TestNetwork.member.rawValue])
            }
        }
        try queue.vacuum()
        try queue.close()
    }

    /// Tables copied from the source node (those of its schema that exist in the fixture's).
    static let copiedTables = ["commit_log", "version_vector", "node_state", "record", "record_facet", "open_conflict", "open_proposal"]

    /// Every row of every table (FTS shadow tables and migration bookkeeping included), as text: equal
    /// dumps mean the same content whatever the file's page layout.
    static func dump(_ path: String) throws -> String {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            var text = ""
            for table in tables {
                let quoted = "\"" + table.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(quoted)").map(\.description).sorted()
                text += "\(table): \(rows.joined(separator: " | "))\n"
            }
            return text
        }
    }
}
