import Crypto
import GRDB
import MosaicCore
import MosaicStore

/// What must not move when an input is refused: the catalogue digest, the version vector, the
/// row count of every table (FTS shadow tables included) and, when asked, a hash of every row.
struct StoreSnapshot: Equatable, CustomStringConvertible {
    let digest: String
    let vector: VersionVector
    let rows: [String: Int]
    /// SHA-256 of every row of every table, in a stable order (only with `contents`).
    let contents: String?

    static func take(_ catalogue: NodeCatalogue, contents: Bool = false) async throws -> StoreSnapshot {
        let (rows, hash) = try await catalogue.store.writer.read { db in
            var counts: [String: Int] = [:]
            var hasher = SHA256()
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            for table in tables {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? -1
                guard contents else { continue }
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier)").map(\.description).sorted()
                hasher.update(data: Array("\(table)\n\(rows.joined(separator: "\n"))\n".utf8))
            }
            return (counts, contents ? hasher.finalize().map { String(format: "%02x", $0) }.joined() : nil)
        }
        return StoreSnapshot(digest: try await catalogue.digest(), vector: try await catalogue.vector(), rows: rows, contents: hash)
    }

    /// Rows inserted, updated or deleted on the store's connection since it opened (SQLite's
    /// `total_changes()`, triggers included, rolled-back changes too): equal before and after
    /// means nothing was written at all.
    static func changes(_ catalogue: NodeCatalogue) async throws -> Int {
        try await catalogue.store.writer.read { db in try Int.fetchOne(db, sql: "SELECT total_changes()") ?? -1 }
    }

    /// Rows added to `table` since `earlier`.
    func added(_ table: String, since earlier: StoreSnapshot) -> Int { (rows[table] ?? 0) - (earlier.rows[table] ?? 0) }

    var description: String {
        "digest \(digest.prefix(16)), vector \(vector), contents \(contents?.prefix(16) ?? "-"), rows "
            + rows.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
