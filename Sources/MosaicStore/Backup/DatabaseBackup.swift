import Foundation
import GRDB
import MosaicCore

#if canImport(Glibc)
    import Glibc
#endif

/// What a backup wrote.
public struct BackupReport: Sendable, Equatable {
    /// The backup file.
    public let path: String
    /// Its size in bytes.
    public let bytes: Int64
}

extension CatalogueStore {
    /// Writes a consistent copy of the database to `path`, while the node keeps serving.
    ///
    /// SQLite's online backup (`sqlite3_backup_*`, through GRDB's `backup(to:)`) copies one read
    /// snapshot, so writers are never blocked and the copy is a state the database really had.
    /// The copy is written beside `path` under a temporary name, switched to a single file
    /// (`journal_mode = DELETE`), checked with `PRAGMA integrity_check`, synced, made mode 0600
    /// (it holds private records and account hashes) and only then renamed to `path`, so `path`
    /// is either the old file or a whole, checked backup.
    /// - Throws: ``BackupError`` when the folder is missing, the copy fails or does not check out;
    ///   nothing is left at `path` then.
    @discardableResult
    public func backup(to path: String) throws -> BackupReport {
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw BackupError.noFolder(folder)
        }
        let partial = folder + "/." + target.lastPathComponent + ".partial-" + UUID().uuidString
        defer { BackupFiles.remove(partial) }
        do {
            // Create the file 0600 before SQLite opens it, so the data is never readable by others.
            guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw BackupError.cannotWrite(path, "cannot create a file in \(folder)")
            }
            let copy = try DatabaseQueue(path: partial)
            try writer.backup(to: copy)
            try copy.writeWithoutTransaction { db in
                // The source is in WAL mode and the copy inherits it; one self-contained file is what a backup should be.
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
            }
            let problems = try copy.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
            try copy.close()
            guard problems == ["ok"] else { throw BackupError.damaged(path, problems.first ?? "no answer") }
            try BackupFiles.sync(partial)
            try BackupFiles.rename(partial, to: path)
        } catch let error as BackupError {
            throw error
        } catch {
            throw BackupError.cannotWrite(path, "\(error)")
        }
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
        return BackupReport(path: path, bytes: size)
    }
}

/// Why a backup or a restore failed. Each message says what, where and what to do.
public enum BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    case noFolder(String)
    case cannotWrite(String, String)
    case notFound(String)
    case notADatabase(String, String)
    case damaged(String, String)
    case anotherMember(path: String, owner: String, expected: String)
    case anotherKey(path: String, member: String)
    case newerSchema(String)

    public var description: String {
        switch self {
        case .noFolder(let folder): "the folder \(folder) does not exist; create it or choose another --out path"
        case .cannotWrite(let path, let reason): "cannot write the backup \(path): \(reason)"
        case .notFound(let path): "no backup file at \(path); check the path"
        case .notADatabase(let path, let reason): "\(path) is not a Mosaic backup (\(reason)); choose a file written by `mosaic backup`"
        case .damaged(let path, let problem):
            "\(path) is damaged (integrity check: \(problem)); nothing was changed. Use an older backup"
        case .anotherMember(let path, let owner, let expected):
            "\(path) is a backup of the node of '\(owner)', not of '\(expected)'; nothing was changed. Restore one of this member's own backups"
        case .anotherKey(let path, let member):
            "\(path) holds commits of '\(member)' that this node's key did not sign; nothing was changed. "
                + "Restore with the key file the backup was made with (`key_file` in the configuration)"
        case .newerSchema(let path):
            "\(path) was written by a newer version of Mosaic; nothing was changed. Upgrade this node first, then restore"
        }
    }
}

/// File steps of backups and restores: sync, rename, remove.
enum BackupFiles {
    static func sync(_ path: String) throws {
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.synchronize()
        try handle.close()
    }

    /// Renames atomically (same folder) and syncs the folder so the rename survives a power cut.
    static func rename(_ from: String, to path: String) throws {
        guard Glibc.rename(from, path) == 0 else {
            throw BackupError.cannotWrite(path, String(cString: strerror(errno)))
        }
        let folder = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }

    static func remove(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
