import Foundation
import GRDB
import MosaicCore
import Testing

@testable import MosaicStore

/// Store migrations from a database of every earlier schema version (issue 16 point 3): each
/// committed fixture opens with this build, migrates, passes `integrity_check`, and keeps its data:
/// records readable and searchable, the vector, the peer, and the digest of a catalogue rebuilt from
/// the same commits.
@Suite(.serialized) struct SchemaFixtureTests {
    /// Set to `1` (by `scripts/regenerate-schema-fixtures.sh`) to write the fixtures into the source tree first.
    static let regenerate = ProcessInfo.processInfo.environment["MOSAIC_WRITE_SCHEMA_FIXTURES"] == "1"

    func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)-\(name)").path
    }

    @Test func everyEarlierSchemaVersionHasACommittedFixtureMadeByTheGenerator() async throws {
        let source = try await SchemaFixtures.source()
        if Self.regenerate {
            try FileManager.default.createDirectory(at: SchemaFixtures.sourceFolder, withIntermediateDirectories: true)
            for migration in SchemaFixtures.earlierVersions {
                try SchemaFixtures.make(
                    migration, from: source, at: SchemaFixtures.sourceFolder.appendingPathComponent(SchemaFixtures.fileName(migration)).path
                )
            }
        }
        let bundled = try #require(SchemaFixtures.bundledFolder, "the test target's resources hold no Fixtures folder")
        // Just written: the bundle's copies are refreshed by the next build.
        let folder = Self.regenerate ? SchemaFixtures.sourceFolder : bundled
        #expect(SchemaFixtures.earlierVersions.count >= 9)
        for migration in SchemaFixtures.earlierVersions {
            let committed = folder.appendingPathComponent(SchemaFixtures.fileName(migration)).path
            guard FileManager.default.fileExists(atPath: committed) else {
                Issue.record("no fixture for schema \(migration): run scripts/regenerate-schema-fixtures.sh")
                continue
            }
            let fresh = temporary(migration)
            defer { try? FileManager.default.removeItem(atPath: fresh) }
            try SchemaFixtures.make(migration, from: source, at: fresh)
            #expect(try SchemaFixtures.dump(committed) == SchemaFixtures.dump(fresh), "\(migration)")
        }
    }

    @Test func everyEarlierSchemaVersionMigratesAndKeepsItsData() async throws {
        let folder = try #require(SchemaFixtures.bundledFolder)
        let source = try await SchemaFixtures.source()
        let expectedVector = try await source.owner.vector()
        for migration in SchemaFixtures.earlierVersions {
            // setup: a copy of the committed file (opening migrates it in place).
            let path = temporary(migration)
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            try FileManager.default.copyItem(atPath: folder.appendingPathComponent(SchemaFixtures.fileName(migration)).path, toPath: path)
            let holdsCatalogue = SchemaFixtures.earlierVersions.firstIndex(of: migration)! >= 1

            // MUT: the current store opens it.
            let store = try CatalogueStore(path: path, member: TestNetwork.owner)
            let node = NodeCatalogue(
                store: store, member: TestNetwork.owner, signingKey: TestNetwork.key(TestNetwork.owner), directory: TestNetwork().directory)

            // validate
            #expect(try await store.integrityCheck(), "\(migration)")
            #expect(try await store.writer.read { db in try StoreMigrations.migrator.hasCompletedMigrations(db) }, "\(migration)")
            guard holdsCatalogue else {
                #expect(try await node.vector() == VersionVector(), "\(migration)")
                continue
            }
            #expect(try await node.vector() == expectedVector, "\(migration)")
            for record in source.records {
                let view = try #require(try await node.record(record), "\(migration): record \(record)")
                #expect(view == (try await source.owner.record(record)), "\(migration): record \(record)")
            }
            #expect(try await node.search("räume").map(\.id) == [source.records[2]], "\(migration): search")
            #expect(try await node.conflicts().count == 1, "\(migration): conflicts")
            // The digest equals that of a catalogue rebuilt from the fixture's own commits.
            let commits = try await store.writer.read { db in
                try Row.fetchAll(db, sql: "SELECT bytes, signature FROM commit_log ORDER BY origin, stream, seq").map {
                    SignedCommit(bytes: Array($0["bytes"] as Data), signature: $0["signature"])
                }
            }
            let rebuilt = try TestNetwork().node(MemberID("rebuilder")!)
            #expect(try await rebuilt.apply(commits, relay: nil).applied == commits.count, "\(migration)")
            #expect(try await node.digest() == rebuilt.digest(), "\(migration): digest")
            if SchemaFixtures.earlierVersions.firstIndex(of: migration)! >= 2 {
                let peers = try await node.peerStates()
                #expect(peers.map(\.peer) == [TestNetwork.member] && peers.first?.commitsReceived == 2, "\(migration): peers")
            }
            // And the node works on: a new edit commits.
            try await node.commit([.edit(source.records[1], try assign("status=archived"))])
            #expect(try await node.record(source.records[1])?.value(RegisterKey(field: "status")) == "archived", "\(migration)")
        }
    }
}
