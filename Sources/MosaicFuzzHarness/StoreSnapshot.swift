import GRDB
import MosaicCore
import MosaicStore

/// What must not move when an input is refused: the catalogue digest, the version vector and
/// the row count of every table (FTS shadow tables included).
struct StoreSnapshot: Equatable, CustomStringConvertible {
    let digest: String
    let vector: VersionVector
    let rows: [String: Int]

    static func take(_ catalogue: NodeCatalogue) async throws -> StoreSnapshot {
        let rows = try await catalogue.store.writer.read { db in
            var counts: [String: Int] = [:]
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            for table in tables {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") ?? -1
            }
            return counts
        }
        return StoreSnapshot(digest: try await catalogue.digest(), vector: try await catalogue.vector(), rows: rows)
    }

    /// Rows added to `table` since `earlier`.
    func added(_ table: String, since earlier: StoreSnapshot) -> Int { (rows[table] ?? 0) - (earlier.rows[table] ?? 0) }

    var description: String {
        "digest \(digest.prefix(16)), vector \(vector), rows \(rows.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
    }
}
