import Foundation
import GRDB
import MosaicCore
import MosaicStore
import Testing

/// A database that cannot grow (SQLite's own SQLITE_FULL, from `PRAGMA max_page_count`) refuses a
/// pulled page whole, says so in words (which database, what to do, that nothing changed), and
/// takes it once there is room again.
@Suite struct DiskFullApplyTests {
    let network = TestNetwork()

    @Test func aFullDatabaseRejectsThePageWholeAndTakesItLater() async throws {
        let source = try network.node(TestNetwork.owner)
        try await source.commit([
            .create(type: .practice, nonce: "nonce-first-000", assignments: try assign("title.fr=Première fiche"), isPrivate: false)
        ])
        try await source.commit(
            try (0..<300).map { index in
                .create(
                    type: .practice, nonce: "nonce-\(1000 + index)-abc",
                    assignments: try assign("title.fr=Fiche \(index) de la page pleine"),
                    isPrivate: false)
            })
        let commits = try await source.commits(after: VersionVector(), limit: .max).commits
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-full-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = try network.node(TestNetwork.member, path: folder.appendingPathComponent("node.sqlite").path)
        try await target.apply([commits[0]], from: PeerProgress(peer: TestNetwork.owner, commits: 1, bytes: 1))
        let before = try await target.fingerprint()

        // MUT: the file may grow by 2 pages only; the page of 300 records needs far more.
        try await target.store.writer.write { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            try db.execute(sql: "PRAGMA max_page_count = \(pages + 2)")
        }
        let path = try #require(target.store.path)
        await #expect {
            try await target.apply([commits[1]], from: PeerProgress(peer: TestNetwork.owner, commits: 1, bytes: 1))
        } throws: { error in
            (error as? StoreError) == .diskFull(path: path)
                && "\(error)" == "the disk is full (database '\(path)'): free space and retry; nothing was changed"
        }
        // A local edit on the full disk says the same.
        let many = try (0..<300).map { index in
            RecordChange.create(
                type: .practice, nonce: "nonce-local-\(index)",
                assignments: try assign("title.fr=Fiche locale \(index) sur un disque plein"),
                isPrivate: false)
        }
        await #expect(throws: StoreError.diskFull(path: path)) { try await target.commit(many) }
        #expect(try await target.fingerprint() == before, "a page was half applied on a full disk")
        #expect(try await target.store.integrityCheck())

        try await target.store.writer.write { db in try db.execute(sql: "PRAGMA max_page_count = 1073741823") }
        try await target.apply([commits[1]], from: PeerProgress(peer: TestNetwork.owner, commits: 1, bytes: 1))
        let sourceDigest = try await source.digest()
        #expect(try await target.digest() == sourceDigest)
        #expect(try await target.store.integrityCheck())
    }
}
