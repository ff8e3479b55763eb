import Foundation
import GRDB
import MosaicCore
import Testing

@testable import MosaicStore

/// Nonces of signed sync requests kept in the database: replays refused across a reopen,
/// expired ones pruned, each member bounded; and every connection waits for locks.
@Suite struct SyncNoncesTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-nonce-\(UUID().uuidString)/node.sqlite").path
    }

    @Test func aNonceIsRefusedAgainAfterTheStoreIsReopened() async throws {
        let path = temporaryPath()
        let first = SyncNonces(store: try CatalogueStore(path: path, member: TestNetwork.owner))
        #expect(try await first.use("n-1", by: "member-fr", now: 1000, expiresAt: 1600) == .fresh)
        #expect(try await first.use("n-1", by: "member-fr", now: 1001, expiresAt: 1601) == .replayed)
        let reopened = SyncNonces(store: try CatalogueStore(path: path, member: TestNetwork.owner))
        #expect(try await reopened.use("n-1", by: "member-fr", now: 1002, expiresAt: 1602) == .replayed)
        // Another member's equal nonce is its own.
        #expect(try await reopened.use("n-1", by: "coord-at", now: 1002, expiresAt: 1602) == .fresh)
    }

    @Test func expiredNoncesArePruned() async throws {
        let nonces = SyncNonces(store: try CatalogueStore.inMemory(member: TestNetwork.owner))
        for index in 0..<5 { _ = try await nonces.use("old-\(index)", by: "member-fr", now: 1000, expiresAt: 1600) }
        #expect(try await nonces.count() == 5)
        #expect(try await nonces.use("new", by: "member-fr", now: 1601, expiresAt: 2200) == .fresh)
        #expect(try await nonces.count() == 1)
        // Past its expiry the same nonce is new again (its signature is out of the window by then).
        #expect(try await nonces.use("old-0", by: "member-fr", now: 1601, expiresAt: 2200) == .fresh)
    }

    @Test func eachMemberHoldsAtMostItsCapacity() async throws {
        let nonces = SyncNonces(store: try CatalogueStore.inMemory(member: TestNetwork.owner), perMemberCapacity: 3)
        for index in 0..<3 { #expect(try await nonces.use("n-\(index)", by: "member-fr", now: 1000, expiresAt: 1600) == .fresh) }
        #expect(try await nonces.use("n-3", by: "member-fr", now: 1000, expiresAt: 1600) == .full)
        #expect(try await nonces.use("n-0", by: "coord-at", now: 1000, expiresAt: 1600) == .fresh)
        #expect(try await nonces.count() == 4)
    }

    @Test func everyConnectionWaitsForTheLock() async throws {
        let store = try CatalogueStore(path: temporaryPath(), member: TestNetwork.owner)
        let expected = Int(StoreConfiguration.busyTimeoutSeconds * 1000)
        #expect(try await store.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA busy_timeout") } == expected)
        // A pool's read-only connections get GRDB's own 10 s (they wait only while a WAL is recovered).
        #expect(try await store.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA busy_timeout") } ?? 0 >= 10_000)
        let memory = try CatalogueStore.inMemory(member: TestNetwork.owner)
        #expect(try await memory.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA busy_timeout") } == expected)
    }

    @Test func aSecondStoreOpensAndWritesWhileAnotherConnectionReads() async throws {
        let path = temporaryPath()
        let first = try CatalogueStore(path: path, member: TestNetwork.owner)
        // A long read transaction on one connection does not keep another from opening and writing (WAL).
        try await first.writer.read { _ in
            let second = try CatalogueStore(path: path, member: TestNetwork.owner)
            try second.writer.write { db in try db.execute(sql: "INSERT INTO node_state (key, value) VALUES ('probe', 1)") }
        }
        try await first.checkWritable()
        #expect(try await first.writer.read { db in try Int.fetchOne(db, sql: "SELECT value FROM node_state WHERE key = 'probe'") } == 1)
    }
}
