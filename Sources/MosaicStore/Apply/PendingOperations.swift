import Foundation
import GRDB
import MosaicCore

/// Operations of a newer protocol version than this node understands (`pending_operation`).
///
/// Their commits are stored in `commit_log` as received and served unchanged; the operations are
/// left out of the view, and their records show that they need a newer Mosaic. When an upgraded node
/// understands them, ``applyUnderstood(known:authority:in:)`` folds them into their records.
enum PendingOperations {
    /// The base operation to fold into the view for `operation`, or `nil` after recording it as
    /// pending (an operation this node does not understand).
    static func understood(
        _ operation: CatalogueOperation, of commit: Commit, at index: Int, known: KnownOperations, in db: Database
    ) throws -> CatalogueOperation? {
        guard case .unknown(let unknown) = operation else { return operation }
        if let base = known.interpret(unknown, origin: commit.origin) { return base }
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO pending_operation (origin, stream, seq, idx, record, kind, minor) VALUES (?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            commit.origin.rawValue, commit.stream.rawValue, commit.seq, index, unknown.record.rawValue, String(unknown.kind.prefix(64)),
            commit.minor,
        ])
        return nil
    }

    /// What keeps a record from being shown in full: the operation kinds and the protocol version they
    /// need, or `nil` when the node understands every operation of the record.
    static func marker(_ record: RecordID, _ db: Database) throws -> NewerVersionNeeded? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT COUNT(*) AS operations, MAX(minor) AS minor FROM pending_operation WHERE record = ?",
                arguments: [record.rawValue]),
            let operations = row["operations"] as Int?, operations > 0
        else { return nil }
        // A few kinds name what is missing; a record could hold thousands of pending operations.
        let kinds = try String.fetchAll(
            db, sql: "SELECT DISTINCT kind FROM pending_operation WHERE record = ? ORDER BY kind LIMIT 10", arguments: [record.rawValue])
        return NewerVersionNeeded(
            kinds: kinds, version: ProtocolVersion(major: Commit.formatVersion, minor: row["minor"] ?? 0), operations: operations)
    }

    /// Folds the pending operations this node now understands into their records (after an upgrade),
    /// and removes them from the pending list, in the caller's transaction.
    /// - Returns: how many operations were folded in.
    static func applyUnderstood(known: KnownOperations, authority: Materializer.Authority, in db: Database) throws -> Int {
        let commits = try Row.fetchAll(
            db,
            sql: """
                SELECT c.origin, c.stream, c.seq, c.bytes FROM commit_log c
                WHERE EXISTS (SELECT 1 FROM pending_operation p WHERE p.origin = c.origin AND p.stream = c.stream AND p.seq = c.seq)
                """)
        var touched: [RecordID: [RecordOperation]] = [:]
        var folded = 0
        for row in commits {
            let bytes: Data = row["bytes"]
            // Verified when it was received; decoded again only to read the operations this build now knows.
            guard let commit = try? CommitDecoder.decode(Array(bytes), knowing: known) else { continue }
            let pending = try Int.fetchAll(
                db, sql: "SELECT idx FROM pending_operation WHERE origin = ? AND stream = ? AND seq = ?",
                arguments: [row["origin"] as String, row["stream"] as String, row["seq"] as Int64])
            for index in pending where commit.operations.indices.contains(index) {
                guard case .unknown(let unknown) = commit.operations[index], let base = known.interpret(unknown, origin: commit.origin)
                else { continue }
                touched[base.record, default: []].append(RecordOperation(id: commit.writeID(index), hlc: commit.hlc, operation: base))
                try db.execute(
                    sql: "DELETE FROM pending_operation WHERE origin = ? AND stream = ? AND seq = ? AND idx = ?",
                    arguments: [commit.origin.rawValue, commit.stream.rawValue, commit.seq, index])
                folded += 1
            }
        }
        let writer = RecordWriter(authority: authority)
        for (record, operations) in touched.sorted(by: { $0.key < $1.key }) {
            let prepared = try writer.prepare(record, stored: try writer.load(record, in: db), adding: operations).get()
            try writer.write(prepared, in: db, deferSearchIndex: false)
        }
        return folded
    }
}

/// A record holds operations of a newer protocol version than this node understands: it is shown
/// without them and "needs a newer Mosaic".
public struct NewerVersionNeeded: Sendable, Hashable {
    /// The operation kinds not understood (`tag`, or `set` with a newer key), sorted, at most 10.
    public let kinds: [String]
    /// The protocol version they need (the highest their commits declare).
    public let version: ProtocolVersion
    /// How many operations of the record wait.
    public let operations: Int

    /// In words, for the record page and `mosaic record show`.
    public var message: String {
        "needs a newer Mosaic: \(operations) change\(operations == 1 ? "" : "s") (\(kinds.joined(separator: ", "))) of protocol \(version) "
            + "are not shown; upgrade this node and they will be"
    }
}

extension NodeCatalogue {
    /// Whether record `id` needs a newer Mosaic (holds operations this node does not understand), or `nil`.
    public func newerVersionNeeded(_ id: RecordID) async throws -> NewerVersionNeeded? {
        try await store.writer.read { db in try PendingOperations.marker(id, db) }
    }

    /// Folds into their records the operations held pending that this node now understands (run at
    /// start, so that an upgraded node's view converges); one transaction.
    /// - Returns: how many operations were folded in (0 when nothing waits).
    @discardableResult
    public func applyUnderstoodOperations() throws -> Int {
        let known = knownOperations, authority = Materializer.Authority(directory)
        // A read first: commands run beside a serving node open the catalogue too, and should not wait for its write lock.
        let waiting = try store.writer.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM pending_operation)") }
        guard waiting == true else { return 0 }
        return try store.writer.write { db in try PendingOperations.applyUnderstood(known: known, authority: authority, in: db) }
    }
}
