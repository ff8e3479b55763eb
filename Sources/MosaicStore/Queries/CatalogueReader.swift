import Foundation
import GRDB
import MosaicCore

/// Read queries over the materialised catalogue, run inside a database access.
enum CatalogueReader {
    static func view(_ id: RecordID, _ db: Database) throws -> RecordView? {
        guard let text = try String.fetchOne(db, sql: "SELECT view FROM record WHERE id = ?", arguments: [id.rawValue]) else { return nil }
        return decode(text)
    }

    static func decode(_ text: String) -> RecordView? {
        (try? JSONParser.parse(Array(text.utf8))).flatMap(RecordView.init(json:))
    }

    static func views(sql: String, arguments: StatementArguments, _ db: Database) throws -> [RecordView] {
        try String.fetchAll(db, sql: sql, arguments: arguments).compactMap(decode)
    }

    static func operations(_ id: RecordID, _ db: Database) throws -> [RecordOperation] {
        guard let bytes = try Data.fetchOne(db, sql: "SELECT ops FROM record WHERE id = ?", arguments: [id.rawValue]) else { return [] }
        return RecordOperation.decode(Array(bytes)) ?? []
    }

    static func digest(_ db: Database) throws -> String {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, view_hash FROM record WHERE state IS NOT NULL AND private = 0 ORDER BY id")
        var pairs: [(RecordID, [UInt8])] = []
        while let row = try rows.next() {
            guard let id = RecordID(row["id"]) else { continue }
            let hash: Data = row["view_hash"]
            pairs.append((id, Array(hash)))
        }
        return CatalogueDigest.combine(pairs)
    }
}
