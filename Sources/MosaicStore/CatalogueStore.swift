import Foundation
import GRDB
import MosaicCore

/// The node's SQLite database (WAL), owned in one place: it runs the migrations on open
/// and exposes named operations, each one transaction.
public struct CatalogueStore: Sendable {
    /// The connection pool (on disk) or queue (in memory, for tests).
    public let writer: any DatabaseWriter
    /// What the write path calls at each ``CrashPoint``: ``CrashHook/none`` but in fault tests.
    public let crashHook: CrashHook
    /// The database file (`nil` in memory), named when the disk is full.
    public let path: String?

    /// Opens (creating if needed) the database at `path` for `member`.
    ///
    /// Every connection waits up to ``StoreConfiguration/busyTimeoutSeconds`` for another process's
    /// lock, so the store opens and works beside a running node.
    /// - Parameter crashHook: called at each ``CrashPoint`` of the write path (fault tests only).
    /// - Throws: ``StoreError/belongsToAnotherMember(_:)`` when the file is another node's database,
    ///   or the SQLite error when it cannot be opened.
    public init(path: String, member: MemberID, crashHook: CrashHook = .none) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let pool = try DatabasePool(path: path, configuration: StoreConfiguration.make())
        // GRDB sets `synchronous = NORMAL` in WAL mode: a commit then survives a crash of the process
        // but not of the machine (power loss, kernel panic), which can undo the last commits. A node
        // whose own commit #n was undone after a peer pulled it would sign another #n, which every
        // peer refuses forever. FULL syncs the WAL at each commit, so an acknowledged commit stays.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        try self.init(writer: pool, member: member, path: path, crashHook: crashHook)
    }

    /// An in-memory store, for tests.
    /// - Parameter crashHook: called at each ``CrashPoint`` of the write path.
    public static func inMemory(member: MemberID, crashHook: CrashHook = .none) throws -> CatalogueStore {
        try CatalogueStore(writer: DatabaseQueue(configuration: StoreConfiguration.make()), member: member, path: nil, crashHook: crashHook)
    }

    private init(writer: any DatabaseWriter, member: MemberID, path: String?, crashHook: CrashHook) throws {
        self.writer = writer
        self.path = path
        self.crashHook = crashHook
        try StoreMigrations.migrate(writer)
        try writer.write { db in try NodeIdentity.claim(db, for: member) }
    }

    /// Runs `body` in one write transaction; a full disk (SQLite's `SQLITE_FULL`, also raised when
    /// the database reaches `max_page_count`) becomes ``StoreError/diskFull(path:)``, in words.
    /// The transaction is rolled back whole, so nothing was changed.
    public func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            throw StoreError.diskFull(path: path)
        }
    }

    /// The member this database belongs to.
    public func owner() async throws -> MemberID {
        try await writer.read { db in try NodeIdentity.owner(db) }
    }

    /// One trivial query (`SELECT 1`): whether the database answers, at the cost of no page read.
    /// - Throws: the SQLite error when it does not.
    public func ping() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// Whether this process can take the write lock now: `BEGIN IMMEDIATE` then rollback, waiting
    /// at most the busy timeout. Writes nothing.
    /// - Throws: the SQLite error when the database is read-only, full or locked beyond the timeout.
    public func checkWritable() async throws {
        try await writer.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) { .rollback }
        }
    }

    /// Runs `PRAGMA integrity_check`; `true` when SQLite answers "ok".
    public func integrityCheck() async throws -> Bool {
        try await writer.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"] }
    }
}

/// Why the store refused to open.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database was created by the node of another member.
    case belongsToAnotherMember(String)
    /// The disk holding the database (or its temporary files) is full; the transaction was rolled back.
    case diskFull(path: String?)

    public var description: String {
        switch self {
        case .belongsToAnotherMember(let other):
            "this database belongs to the node of '\(other)'; point `database` at this member's own file"
        case .diskFull(let path):
            "the disk is full (\(path.map { "database '\($0)'" } ?? "the node's database")): free space and retry; nothing was changed"
        }
    }

    /// `error` in words when it is a full disk (``diskFull(path:)``), else `error` itself: for the
    /// places where an SQLite error would otherwise reach a user raw.
    public static func explaining(_ error: any Error, path: String?) -> any Error {
        if let database = error as? DatabaseError, database.resultCode == .SQLITE_FULL { return StoreError.diskFull(path: path) }
        return error
    }
}
