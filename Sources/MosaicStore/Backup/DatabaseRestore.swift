import Foundation
import GRDB
import MosaicCore

/// What a restore did.
public struct RestoreReport: Sendable, Equatable {
    /// This member's public commits the backup holds (its own sequence number).
    public let ownCommits: Int64
    /// Where the database as it was before the restore was kept, if there was one.
    public let previous: String?
    /// Peers the node must pull from before it may sign again.
    public let awaiting: [String]
}

/// Replaces a node's database with a backup, safely.
///
/// Steps, each of which leaves the live database untouched when it fails: copy the backup to a
/// staging file beside the database; check it there (`PRAGMA integrity_check`, the member it belongs
/// to, that this node's key signed its own commits, a schema this version knows); migrate it and put
/// the recovery mark in it (``OwnCommitRecovery``); keep a copy of the live database; then copy the
/// staging file into the live database with SQLite's online backup, which replaces it in one
/// transaction (a crash leaves the old or the new database, never a mix).
/// The caller must hold the ``ServingLock`` so that no node serves the database meanwhile.
public enum DatabaseRestore {
    /// Restores `backupPath` into the database at `databasePath`.
    /// - Parameters:
    ///   - member: this node's member; a backup of another member's node is refused.
    ///   - publicKey: this node's public key; a backup whose own commits it did not sign is refused.
    ///   - peers: the peers to hear from before signing again (those with an endpoint).
    ///   - stamp: names the kept copy of the previous database (`<database>.before-restore-<stamp>`).
    /// - Throws: ``BackupError`` for a missing, foreign, damaged or newer backup; nothing changed then.
    public static func restore(
        _ backupPath: String, into databasePath: String, member: MemberID, publicKey: MemberPublicKey, peers: [MemberID],
        stamp: String
    ) throws -> RestoreReport {
        guard FileManager.default.fileExists(atPath: backupPath) else { throw BackupError.notFound(backupPath) }
        let folder = URL(fileURLWithPath: databasePath).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let staging = folder + "/.restore-" + UUID().uuidString + ".sqlite"
        defer { BackupFiles.remove(staging) }
        do {
            try FileManager.default.copyItem(atPath: backupPath, toPath: staging)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: staging)
        } catch {
            throw BackupError.notADatabase(backupPath, "cannot read it: \(error.localizedDescription)")
        }
        let stage: DatabaseQueue
        let ownCommits: Int64
        do {
            stage = try DatabaseQueue(path: staging)
            ownCommits = try check(stage, path: backupPath, member: member, publicKey: publicKey)
            try StoreMigrations.migrator.migrate(stage)
            try stage.write { db in try OwnCommitRecovery.mark(peers: peers, db) }
        } catch let error as BackupError {
            throw error
        } catch {
            throw BackupError.notADatabase(backupPath, "\(error)")
        }
        var previous: String?
        if FileManager.default.fileExists(atPath: databasePath) {
            let live = try CatalogueStore(path: databasePath, member: member)
            let kept = databasePath + ".before-restore-" + stamp
            try live.backup(to: kept)
            previous = kept
            try stage.backup(to: live.writer)
            try live.writer.close()
        } else {
            let live = try DatabaseQueue(path: databasePath)
            try stage.backup(to: live)
            try live.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try live.close()
        }
        try stage.close()
        let restored = try CatalogueStore(path: databasePath, member: member)
        guard try restored.writer.read({ db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }) == ["ok"] else {
            throw BackupError.damaged(databasePath, "after the copy; the previous database is kept at \(previous ?? "(none)")")
        }
        return RestoreReport(ownCommits: ownCommits, previous: previous, awaiting: peers.map(\.rawValue).sorted())
    }

    /// Checks a backup without changing anything: intact, this member's, signed with this key, a known schema.
    /// - Returns: the number of this member's public commits it holds.
    static func check(_ db: DatabaseQueue, path: String, member: MemberID, publicKey: MemberPublicKey) throws -> Int64 {
        try db.read { db in
            let problems: [String]
            do {
                problems = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            } catch {
                throw BackupError.notADatabase(path, "SQLite cannot read it")
            }
            guard problems == ["ok"] else { throw BackupError.damaged(path, problems.first ?? "no answer") }
            guard try db.tableExists("node_identity"), try db.tableExists("commit_log") else {
                throw BackupError.notADatabase(path, "it has no Mosaic tables")
            }
            guard try !StoreMigrations.migrator.hasBeenSuperseded(db) else { throw BackupError.newerSchema(path) }
            let owner = try String.fetchOne(db, sql: "SELECT member FROM node_identity WHERE singleton = 1") ?? "(nobody)"
            guard owner == member.rawValue else {
                throw BackupError.anotherMember(path: path, owner: owner, expected: member.rawValue)
            }
            // Every own commit, public and local, must verify with this node's key: a backup made with
            // another key would make the node sign on from a history that is not its own.
            let rows = try Row.fetchCursor(
                db, sql: "SELECT bytes, signature FROM commit_log WHERE origin = ?", arguments: [member.rawValue])
            while let row = try rows.next() {
                let bytes: Data = row["bytes"]
                let signature: Data = row["signature"]
                guard publicKey.verifies(signature, over: SignedCommit.signingInput(for: Array(bytes))) else {
                    throw BackupError.anotherKey(path: path, member: member.rawValue)
                }
            }
            return try Int64.fetchOne(db, sql: "SELECT seq FROM version_vector WHERE origin = ?", arguments: [member.rawValue]) ?? 0
        }
    }
}
