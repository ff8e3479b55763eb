import Foundation
import GRDB
import MosaicCore
import MosaicStore
import Testing

/// Opening the node database: WAL, migrations, and the guard against another member's file.
@Suite struct CatalogueStoreTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-store-\(UUID().uuidString)/node.sqlite").path
    }

    @Test func opensInWALModeAndRecordsItsMember() async throws {
        let path = temporaryPath()
        let store = try CatalogueStore(path: path, member: MemberID("ecpat-be")!)
        #expect(try await store.owner() == MemberID("ecpat-be"))
        let mode = try await store.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        #expect(try await store.integrityCheck())
    }

    /// Regression: GRDB's WAL default (`synchronous = NORMAL`) lets a power loss undo acknowledged
    /// commits; the writer must sync at each commit.
    @Test func commitsAreSyncedToDiskAtEachCommit() async throws {
        let store = try CatalogueStore(path: temporaryPath(), member: MemberID("ecpat-be")!)
        let synchronous = try await store.writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(synchronous == 2, "PRAGMA synchronous is \(String(describing: synchronous)), not FULL (2)")
    }

    @Test func reopeningForTheSameMemberKeepsTheDatabase() async throws {
        let path = temporaryPath()
        _ = try CatalogueStore(path: path, member: MemberID("ecpat-be")!)
        let again = try CatalogueStore(path: path, member: MemberID("ecpat-be")!)
        #expect(try await again.owner() == MemberID("ecpat-be"))
    }

    @Test func anotherMembersDatabaseIsRefused() throws {
        let path = temporaryPath()
        _ = try CatalogueStore(path: path, member: MemberID("ecpat-be")!)
        #expect(throws: StoreError.belongsToAnotherMember("ecpat-be")) {
            _ = try CatalogueStore(path: path, member: MemberID("ecpat-fr")!)
        }
    }

    @Test func inMemoryStoreForTests() async throws {
        let store = try CatalogueStore.inMemory(member: MemberID("secretariat")!)
        #expect(try await store.owner() == MemberID("secretariat"))
    }
}
