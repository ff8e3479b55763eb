import Foundation
import GRDB

/// The floor the catalogue is compared with: the same rows inserted into a plain SQLite
/// table (with a full-text index built once at the end), no commits, no signatures, no merge.
enum PlainSQLiteBaseline {
    /// Seconds to insert `rows` (parsed CSV rows) into a fresh database file.
    static func insert(rows: [[String]], in folder: URL) throws -> Double {
        let queue = try DatabaseQueue(path: folder.appendingPathComponent("plain.sqlite").path)
        try queue.write { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        let start = Date()
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE plain (id TEXT PRIMARY KEY, title_fr TEXT, title_en TEXT, summary_fr TEXT, themes TEXT, countries TEXT, year TEXT, status TEXT);
                    CREATE VIRTUAL TABLE plain_search USING fts5(body, tokenize='unicode61 remove_diacritics 2');
                    """)
            let statement = try db.makeStatement(sql: "INSERT INTO plain VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            for row in rows {
                try statement.execute(arguments: [UUID().uuidString.lowercased(), row[1], row[2], row[3], row[4], row[5], row[6], row[7]])
            }
            try db.execute(
                sql: "INSERT INTO plain_search(rowid, body) SELECT rowid, title_fr || ' ' || title_en || ' ' || summary_fr FROM plain")
        }
        return Date().timeIntervalSince(start)
    }
}
