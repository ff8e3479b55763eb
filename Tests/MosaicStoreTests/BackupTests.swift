import Foundation
import GRDB
import MosaicCore
import MosaicStore
import Testing

/// `mosaic backup` and `mosaic restore` at the store: consistent, checked, private copies, and
/// restores that refuse anything but an intact backup of this member's node made with its key.
@Suite struct BackupTests {
    let network = TestNetwork()
    let owner = TestNetwork.owner

    private func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-backup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func nodeWithRecords(at path: String, member: MemberID? = nil, count: Int = 3) async throws -> NodeCatalogue {
        let node = try network.node(member ?? owner, path: path)
        for index in 0..<count {
            try await node.commit([
                .create(
                    type: .practice, nonce: RecordID.newNonce(), assignments: try assign("title.fr=Pratique \(index)"), isPrivate: false)
            ])
        }
        return node
    }

    private func restore(_ backup: String, into database: String, key: MemberSigningKey? = nil) throws -> RestoreReport {
        try DatabaseRestore.restore(
            backup, into: database, member: owner, publicKey: (key ?? TestNetwork.key(owner)).publicKey, peers: [TestNetwork.member],
            stamp: "t")
    }

    @Test func backupIsACheckedPrivateSingleFileWithTheSameCatalogue() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = try await nodeWithRecords(at: dir + "/node.sqlite")
        let report = try node.store.backup(to: dir + "/copy.sqlite")
        #expect(report.path == dir + "/copy.sqlite" && report.bytes > 0)
        let mode = try FileManager.default.attributesOfItem(atPath: report.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(!FileManager.default.fileExists(atPath: report.path + "-wal"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains("partial") }
        #expect(leftovers.isEmpty)
        let copy = try DatabaseQueue(
            path: report.path,
            configuration: {
                var c = Configuration(); c.readonly = true; return c
            }())
        #expect(try await copy.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "delete")
        #expect(try await copy.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM commit_log") } == 3)
    }

    @Test func backupIntoAMissingFolderSaysSo() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = try await nodeWithRecords(at: dir + "/node.sqlite", count: 1)
        #expect(throws: BackupError.noFolder(dir + "/nowhere")) { try node.store.backup(to: dir + "/nowhere/copy.sqlite") }
    }

    @Test func restoreBringsBackTheBackupAndKeepsThePreviousDatabase() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let database = dir + "/node.sqlite"
        let node = try await nodeWithRecords(at: database, count: 2)
        try node.store.backup(to: dir + "/backup.sqlite")
        let atBackup = try await node.status().digest
        try await node.commit([
            .create(type: .practice, nonce: RecordID.newNonce(), assignments: try assign("title.fr=Après"), isPrivate: false)
        ])
        let report = try restore(dir + "/backup.sqlite", into: database)
        #expect(report.ownCommits == 2 && report.awaiting == [TestNetwork.member.rawValue])
        let reopened = try network.node(owner, path: database)
        #expect(try await reopened.status().digest == atBackup)
        #expect(try await reopened.store.integrityCheck())
        let kept = try network.node(owner, path: try #require(report.previous))
        #expect(try await kept.vector()[owner] == 3)
    }

    @Test func restoreRefusesAnotherMembersBackupAndChangesNothing() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let database = dir + "/node.sqlite"
        let node = try await nodeWithRecords(at: database, count: 1)
        let before = try await node.fingerprint()
        let other = try await nodeWithRecords(at: dir + "/other.sqlite", member: TestNetwork.member, count: 2)
        try other.store.backup(to: dir + "/other-backup.sqlite")
        #expect(
            throws: BackupError.anotherMember(path: dir + "/other-backup.sqlite", owner: "member-fr", expected: "owner-be")
        ) { try restore(dir + "/other-backup.sqlite", into: database) }
        #expect(try await node.fingerprint() == before)
        #expect(try await node.recoveryAwaiting().isEmpty)
        #expect(
            BackupError.anotherMember(path: "f", owner: "member-fr", expected: "owner-be").description.contains(
                "backup of the node of 'member-fr'"))
    }

    @Test func restoreRefusesABackupSignedWithAnotherKey() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = try await nodeWithRecords(at: dir + "/node.sqlite", count: 1)
        try node.store.backup(to: dir + "/backup.sqlite")
        #expect(throws: BackupError.anotherKey(path: dir + "/backup.sqlite", member: "owner-be")) {
            try restore(dir + "/backup.sqlite", into: dir + "/node.sqlite", key: MemberSigningKey())
        }
    }

    @Test func restoreRefusesAFileThatIsNoBackupOrIsDamaged() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let database = dir + "/node.sqlite"
        let node = try await nodeWithRecords(at: database, count: 40)
        let before = try await node.fingerprint()
        try Data("name,title\nnot,a database\n".utf8).write(to: URL(fileURLWithPath: dir + "/notes.csv"))
        let notABackup = #expect(throws: BackupError.self) { try restore(dir + "/notes.csv", into: database) }
        guard case .notADatabase(let path, _) = notABackup else {
            Issue.record("expected notADatabase, got \(String(describing: notABackup))")
            return
        }
        #expect(path == dir + "/notes.csv")
        #expect(throws: BackupError.notFound(dir + "/missing.sqlite")) { try restore(dir + "/missing.sqlite", into: database) }
        // A backup with bytes overwritten in its pages.
        try node.store.backup(to: dir + "/backup.sqlite")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/backup.sqlite"))
        for offset in stride(from: 4096, to: bytes.count, by: 4096) { bytes[offset] ^= 0xFF; bytes[offset + 1] ^= 0xFF }  // page headers
        try bytes.write(to: URL(fileURLWithPath: dir + "/backup.sqlite"))
        let damaged = #expect(throws: BackupError.self) { try restore(dir + "/backup.sqlite", into: database) }
        switch damaged {
        case .damaged, .notADatabase: break
        default: Issue.record("expected a damaged backup to be refused as such, got \(String(describing: damaged))")
        }
        #expect(try await node.fingerprint() == before)
    }

    @Test func servingLockIsExclusiveAndNamesItsHolder() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        do {
            let first = try ServingLock.acquire(databasePath: dir + "/node.sqlite")
            #expect(throws: ServingLockError.held(path: dir + "/node.sqlite.serve-lock", holder: "\(getpid())")) {
                _ = try ServingLock.acquire(databasePath: dir + "/node.sqlite")
            }
            #expect(first.path == dir + "/node.sqlite.serve-lock")
        }
        // Released with its owner.
        _ = try ServingLock.acquire(databasePath: dir + "/node.sqlite")
    }

    @Test func dailyBackupsKeepTheNewest() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let node = try await nodeWithRecords(at: dir + "/node.sqlite", count: 1)
        let backups = dir + "/backups"
        try FileManager.default.createDirectory(atPath: backups, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: backups + "/notes.txt"))
        let folder = BackupFolder(path: backups, member: owner, keep: 3)
        let day = 86_400.0, start = Date(timeIntervalSince1970: 1_764_000_000)  // 2025-11-24 UTC
        for index in 0..<5 {
            #expect(try folder.backUpIfDue(node.store, now: start.addingTimeInterval(Double(index) * day)) != nil)
            #expect(try folder.backUpIfDue(node.store, now: start.addingTimeInterval(Double(index) * day + 3600)) == nil)
        }
        let names = try folder.backups().map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(names == ["owner-be-2025-11-26.sqlite", "owner-be-2025-11-27.sqlite", "owner-be-2025-11-28.sqlite"])
        #expect(FileManager.default.fileExists(atPath: backups + "/notes.txt"))
    }

    @Test func recoveryMarkRefusesLocalChanges() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let database = dir + "/node.sqlite"
        let node = try await nodeWithRecords(at: database, count: 1)
        try node.store.backup(to: dir + "/backup.sqlite")
        _ = try restore(dir + "/backup.sqlite", into: database)
        let reopened = try network.node(owner, path: database)
        let pending = OwnCommitRecoveryPending(awaiting: ["member-fr"])
        await #expect(throws: pending) {
            try await reopened.commit([
                .create(type: .practice, nonce: RecordID.newNonce(), assignments: try assign("title.fr=x"), isPrivate: false)
            ])
        }
        #expect(pending.description.contains("restored from a backup") && pending.description.contains("member-fr"))
        #expect(try await reopened.vector()[owner] == 1)
    }
}
