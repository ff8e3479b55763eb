import Foundation
import GRDB
import MosaicCore
import Synchronization
import Testing

@testable import MosaicStore

/// Crash points reach the store through the injected ``CrashHook`` (no environment is read).
@Suite struct CrashPointTests {
    let network = TestNetwork()

    /// Records the points reached and throws a disk-full error at `failAt`.
    final class Recorder: Sendable {
        let reached = Mutex<[CrashPoint]>([])
        let failAt: CrashPoint?
        init(failAt: CrashPoint? = nil) { self.failAt = failAt }
        var hook: CrashHook {
            CrashHook { point in
                self.reached.withLock { $0.append(point) }
                if point == self.failAt { throw DatabaseError(resultCode: .SQLITE_FULL, message: "injected at \(point.rawValue)") }
            }
        }
    }

    func node(_ hook: CrashHook) throws -> NodeCatalogue {
        NodeCatalogue(
            store: try CatalogueStore.inMemory(member: TestNetwork.owner, crashHook: hook), member: TestNetwork.owner,
            signingKey: TestNetwork.key(TestNetwork.owner), directory: network.directory)
    }

    @Test func aLocalCommitReachesItsPointsInOrderThroughTheInjectedHook() async throws {
        let recorder = Recorder()
        let node = try node(recorder.hook)
        try await node.commit([
            .create(type: .practice, nonce: "hook-nonce-1", assignments: try assign("title.fr=Formation"), isPrivate: false)
        ])
        #expect(
            recorder.reached.withLock { $0 } == [
                .applyCommitLogWritten, .applyVectorAdvanced, .applyRecordsWritten, .commitBeforeCommit, .commitAfterCommit,
            ])
    }

    @Test func aFaultThrownByTheHookRollsTheCommitBack() async throws {
        let node = try node(Recorder(failAt: .applyRecordsWritten).hook)
        await #expect {
            try await node.commit([
                .create(type: .practice, nonce: "hook-nonce-2", assignments: try assign("title.fr=Formation"), isPrivate: false)
            ])
        } throws: { error in
            // The store says a full disk in words (issue 12); the injected fault is SQLITE_FULL.
            guard case .diskFull = error as? StoreError else { return false }
            return true
        }
        #expect(try await node.vector() == VersionVector())
        #expect(try await node.store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM commit_log") } == 0)
    }

    @Test func withoutAHookNothingHappensAtThePoints() async throws {
        let node = NodeCatalogue(
            store: try CatalogueStore.inMemory(member: TestNetwork.owner), member: TestNetwork.owner,
            signingKey: TestNetwork.key(TestNetwork.owner), directory: network.directory)
        try await node.commit([
            .create(type: .practice, nonce: "hook-nonce-3", assignments: try assign("title.fr=Formation"), isPrivate: false)
        ])
        #expect(try await node.vector() == VersionVector([TestNetwork.owner: 1]))
    }

    @Test func everyNameIsDistinctAndDotted() {
        let names = CrashPoint.allCases.map(\.rawValue)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.split(separator: ".").count == 2 && $0 == $0.lowercased() })
    }

    @Test func theStorageLibraryReadsNoEnvironment() throws {
        // The store's sources, next to this test's folder: none may read the process environment.
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/MosaicStore")
            .standardized
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains(".environment"), "\(file) reads the process environment")
            #expect(!text.contains("getenv("), "\(file) reads the process environment")
        }
    }
}
