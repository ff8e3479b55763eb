import Foundation
import GRDB
import MosaicCore

/// The directory operations a node holds (table `directory_op`), written by the commit applier
/// in the same transaction as their commit, and folded into the effective directory.
enum DirectoryLog {
    /// Records the directory operations of an applied commit.
    static func insert(_ commit: Commit, in db: Database) throws {
        let statement = try db.cachedStatement(
            sql: "INSERT INTO directory_op (origin, seq, idx, hlc_wall, hlc_counter, op) VALUES (?, ?, ?, ?, ?, ?)")
        for (offset, operation) in commit.directory.enumerated() {
            let index = commit.operations.count + offset
            try statement.execute(arguments: [
                commit.origin.rawValue, commit.seq, index, commit.hlc.wallMillis, commit.hlc.counter, Data(operation.canonicalBytes),
            ])
        }
    }

    /// Every directory operation held.
    /// - Throws: ``Unreadable`` when a stored operation no longer decodes (a damaged database).
    static func events(_ db: Database) throws -> [DirectoryEvent] {
        try Row.fetchAll(db, sql: "SELECT origin, seq, idx, hlc_wall, hlc_counter, op FROM directory_op").map { row in
            let bytes: Data = row["op"]
            guard let origin = MemberID(row["origin"]), let operation = DirectoryOperation.decode(bytes: Array(bytes)) else {
                throw Unreadable(origin: row["origin"], seq: row["seq"])
            }
            return DirectoryEvent(
                id: WriteID(origin: origin, stream: .public, seq: row["seq"], index: row["idx"]),
                hlc: HybridTimestamp(wallMillis: row["hlc_wall"], counter: row["hlc_counter"]), operation: operation)
        }
    }

    /// The effective directory of `seed` and every operation held.
    static func effective(seed: MemberDirectory, _ db: Database) throws -> EffectiveDirectory {
        DirectoryFold.fold(seed: seed, events: try events(db))
    }

    /// A stored directory operation that does not decode.
    struct Unreadable: Error, CustomStringConvertible {
        let origin: String
        let seq: Int64
        var description: String { "the stored directory operation of commit \(origin)#\(seq) is unreadable (damaged database)" }
    }
}
