import Foundation
import GRDB
import MosaicCore

/// What `mosaic status` shows.
public struct CatalogueStatus: Sendable {
    public let member: MemberID
    public let vector: VersionVector
    /// Alive shared records by type.
    public let records: [RecordType: Int]
    public let privateRecords: Int
    public let deletedRecords: Int
    public let digest: String
    public let openConflicts: Int
    public let openProposals: Int
}

extension NodeCatalogue {
    /// A record's view (private and deleted ones included), or `nil`.
    public func record(_ id: RecordID) async throws -> RecordView? {
        try await store.writer.read { db in try CatalogueReader.view(id, db) }
    }

    /// A record's operations, oldest first: its history.
    public func history(_ id: RecordID) async throws -> [RecordOperation] {
        try await store.writer.read { db in try CatalogueReader.operations(id, db) }.sorted { ($0.hlc, $0.id) < ($1.hlc, $1.id) }
    }

    /// Records matching `filter`, by title.
    public func list(_ filter: RecordFilter = RecordFilter(), limit: Int = 100, offset: Int = 0) async throws -> [RecordView] {
        let (conditions, arguments) = filter.sql
        return try await store.writer.read { db in
            try CatalogueReader.views(
                sql: """
                    SELECT v.view FROM (
                        SELECT r.rowid AS hit, r.title AS title, r.id AS id FROM record r WHERE \(conditions.joined(separator: " AND "))
                        ORDER BY r.title, r.id LIMIT ? OFFSET ?
                    ) hits JOIN record v ON v.rowid = hits.hit ORDER BY hits.title, hits.id
                    """,
                arguments: arguments + [limit, offset], db)
        }
    }

    /// Full-text search in every language, diacritics folded, best matches first.
    /// - Throws: ``SearchQuery/Failure`` when `text` holds no word.
    public func search(_ text: String, filter: RecordFilter = RecordFilter(), limit: Int = 50) async throws -> [RecordView] {
        let expression = try SearchQuery.expression(for: text)
        let (conditions, arguments) = filter.sql
        return try await store.writer.read { db in
            // Rank and filter on small columns first; read the (large) views of the hits only.
            try CatalogueReader.views(
                sql: """
                    SELECT v.view FROM (
                        SELECT s.rowid AS hit, s.rank AS score FROM record_search s JOIN record r ON r.rowid = s.rowid
                        WHERE record_search MATCH ? AND \(conditions.joined(separator: " AND ")) ORDER BY s.rank, r.id LIMIT ?
                    ) hits JOIN record v ON v.rowid = hits.hit ORDER BY hits.score, v.id
                    """,
                arguments: [expression] + arguments + [limit], db)
        }
    }

    /// Open conflicts with their records.
    public func conflicts() async throws -> [(Conflict, RecordView)] {
        try await store.writer.read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT c.id, r.view FROM open_conflict c JOIN record r ON r.id = c.record ORDER BY r.title, c.id")
            return rows.compactMap { row in
                guard let conflict = Conflict(id: row["id"]), let view = CatalogueReader.decode(row["view"]) else { return nil }
                return (conflict, view)
            }
        }
    }

    /// Open proposals with their records, oldest first.
    public func proposals() async throws -> [(Proposal, RecordView)] {
        try await store.writer.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT p.id, r.view FROM open_proposal p JOIN record r ON r.id = p.record ORDER BY p.hlc_wall, p.hlc_counter, p.id")
            return rows.compactMap { row in
                guard let view = CatalogueReader.decode(row["view"]),
                    let proposal = view.proposals.first(where: { $0.id.description == row["id"] })
                else { return nil }
                return (proposal, view)
            }
        }
    }

    /// The version vector: what this node holds of each origin's public sequence.
    public func vector() async throws -> VersionVector {
        try await store.writer.read { db in try NodeState.vector(db) }
    }

    /// The digest of the shared materialised catalogue.
    public func digest() async throws -> String {
        try await store.writer.read { db in try CatalogueReader.digest(db) }
    }

    /// Member, vector, counts, digest, open conflicts and proposals.
    public func status() async throws -> CatalogueStatus {
        let member = self.member
        return try await store.writer.read { db in
            var records: [RecordType: Int] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT type, COUNT(*) AS n FROM record WHERE state = 'alive' AND private = 0 GROUP BY type")
            {
                if let type = RecordType(rawValue: row["type"]) { records[type] = row["n"] }
            }
            return CatalogueStatus(
                member: member, vector: try NodeState.vector(db), records: records,
                privateRecords: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record WHERE private = 1 AND state = 'alive'") ?? 0,
                deletedRecords: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record WHERE state = 'deleted'") ?? 0,
                digest: try CatalogueReader.digest(db),
                openConflicts: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM open_conflict") ?? 0,
                openProposals: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM open_proposal") ?? 0)
        }
    }

    /// Shared commits a holder of `vector` lacks, per origin in ascending sequence, at most
    /// `limit` commits and about `maxBytes` bytes (always at least one when any is missing).
    /// - Returns: the commits and whether more remain.
    public func commits(after vector: VersionVector, limit: Int, maxBytes: Int = .max) async throws -> (commits: [SignedCommit], more: Bool)
    {
        let revoked = directory.revokedAfter
        return try await store.writer.read { db in
            var result: [SignedCommit] = []
            var bytes = 0
            // A revoked member's commits after its revocation are never passed on (every node refuses them).
            let held = Self.shared(try NodeState.vector(db), revoked: revoked)
            for (origin, seq) in held.entries.sorted(by: { $0.key < $1.key }) where seq > vector[origin] {
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT bytes, signature FROM commit_log
                        WHERE origin = ? AND stream = 'public' AND seq > ? AND seq <= ? ORDER BY seq
                        """,
                    arguments: [origin.rawValue, vector[origin], seq])
                while let row = try rows.next() {
                    let commitBytes: Data = row["bytes"]
                    if result.count >= limit || (!result.isEmpty && bytes + commitBytes.count > maxBytes) { return (result, true) }
                    result.append(SignedCommit(bytes: Array(commitBytes), signature: row["signature"]))
                    bytes += commitBytes.count
                }
            }
            return (result, false)
        }
    }
}
