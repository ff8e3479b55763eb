import GRDB

/// Every facet value of every record, with which records are shown, for an in-memory facet index.
struct FacetSnapshot: Sendable {
    /// The catalogue's version when read (see ``NodeCatalogue/catalogueVersion()``).
    let version: Int64
    /// The largest write stamp of a record when read: ``CatalogueStore/facetDelta(since:limit:)`` starts there.
    let touched: Int64
    /// The largest record rowid.
    let maxRowID: Int64
    /// `(facet, value, rowid)` of every record.
    let entries: [(facet: String, value: String, rowID: Int64)]
    /// Rowids of alive records, and of private ones.
    let alive: [Int64]
    let isPrivate: [Int64]
}

/// The records written since a ``FacetSnapshot`` (or an earlier delta): each one's state and facet values as they are now.
struct FacetDelta: Sendable {
    /// One written record: whether it is shown at all, and whether only to signed-in readers.
    struct Row: Sendable {
        let rowID: Int64
        let alive: Bool
        let isPrivate: Bool
    }

    let version: Int64
    let touched: Int64
    let maxRowID: Int64
    let rows: [Row]
    /// `(facet, value, rowid)` of the written records.
    let entries: [(facet: String, value: String, rowID: Int64)]
}

extension CatalogueStore {
    /// Reads every record's facet values in one transaction.
    func facetSnapshot() async throws -> FacetSnapshot {
        try await writer.read { db in
            let version = try NodeCatalogue.version(db)
            var entries: [(facet: String, value: String, rowID: Int64)] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT facet, value, record FROM record_facet")
            while let row = try rows.next() { entries.append((row[0], row[1], row[2])) }
            return FacetSnapshot(
                version: version, touched: try NodeCatalogue.touched(db), maxRowID: try NodeCatalogue.maxRowID(db),
                entries: entries, alive: try Int64.fetchAll(db, sql: "SELECT rowid FROM record WHERE state = 'alive'"),
                isPrivate: try Int64.fetchAll(db, sql: "SELECT rowid FROM record WHERE private = 1"))
        }
    }

    /// The records written after stamp `touched`, in one transaction; `nil` when more than `limit`
    /// were (reading a whole ``facetSnapshot()`` is then cheaper).
    func facetDelta(since touched: Int64, limit: Int) async throws -> FacetDelta? {
        try await writer.read { db in
            let written = try Row.fetchAll(
                db, sql: "SELECT rowid, state = 'alive', private FROM record WHERE touched > ? ORDER BY touched LIMIT ?",
                arguments: [touched, limit + 1])
            guard written.count <= limit else { return nil }
            let statement = try db.cachedStatement(sql: "SELECT facet, value FROM record_facet WHERE record = ?")
            var entries: [(facet: String, value: String, rowID: Int64)] = []
            var rows: [FacetDelta.Row] = []
            for row in written {
                let rowID: Int64 = row[0]
                rows.append(FacetDelta.Row(rowID: rowID, alive: row[1] ?? false, isPrivate: row[2]))
                for facet in try Row.fetchAll(statement, arguments: [rowID]) { entries.append((facet[0], facet[1], rowID)) }
            }
            return FacetDelta(
                version: try NodeCatalogue.version(db), touched: try NodeCatalogue.touched(db), maxRowID: try NodeCatalogue.maxRowID(db),
                rows: rows, entries: entries)
        }
    }

}

extension NodeCatalogue {
    /// The largest write stamp of a record (0 when none was written since migration v5).
    static func touched(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(touched), 0) FROM record") ?? 0
    }

    static func maxRowID(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(rowid), 0) FROM record") ?? 0
    }
}
