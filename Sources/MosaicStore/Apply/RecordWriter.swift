import Foundation
import GRDB
import MosaicCore

/// Recomputes a record's view from all its operations and writes it with its facets,
/// search text, conflicts and proposals: the materialised catalogue.
struct RecordWriter {
    let authority: Materializer.Authority

    /// Merges `newOperations` into the record's stored operations and rewrites its rows.
    /// - Parameter deferSearchIndex: leave the full-text index to one rebuild after a bulk load.
    func update(_ record: RecordID, with newOperations: [RecordOperation], in db: Database, deferSearchIndex: Bool) throws {
        let existing = try Row.fetchOne(db, sql: "SELECT rowid, ops, search_text FROM record WHERE id = ?", arguments: [record.rawValue])
        var operations = newOperations
        if let existing {
            let bytes: Data = existing["ops"]
            guard let stored = RecordOperation.decode(Array(bytes)) else {
                throw DatabaseError(message: "stored operations of record \(record) are unreadable")
            }
            let known = Set(stored.map(\.id))
            operations = stored + newOperations.filter { !known.contains($0.id) }
        }
        let view = Materializer.view(of: operations, authority: authority)
        let opsBlob = Data(RecordOperation.encode(operations))
        let searchText = view.map(SearchText.of) ?? ""
        let rowID: Int64
        if let existing {
            rowID = existing["rowid"]
            let oldText: String = existing["search_text"]
            if !deferSearchIndex, !oldText.isEmpty {
                try db.execute(
                    sql: "INSERT INTO record_search(record_search, rowid, search_text) VALUES('delete', ?, ?)", arguments: [rowID, oldText])
            }
            try db.execute(
                sql: """
                    UPDATE record SET ops = ?, view = ?, view_hash = ?, type = ?, owner = ?, private = ?, state = ?, title = ?,
                    updated_wall = ?, updated_counter = ?, search_text = ? WHERE rowid = ?
                    """,
                arguments: Self.columns(view, opsBlob: opsBlob, searchText: searchText) + [rowID])
            try db.execute(sql: "DELETE FROM record_facet WHERE record = ?", arguments: [rowID])
            try db.execute(sql: "DELETE FROM open_conflict WHERE record = ?", arguments: [record.rawValue])
            try db.execute(sql: "DELETE FROM open_proposal WHERE record = ?", arguments: [record.rawValue])
        } else {
            try db.execute(
                sql: """
                    INSERT INTO record (ops, view, view_hash, type, owner, private, state, title, updated_wall, updated_counter, search_text, id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: Self.columns(view, opsBlob: opsBlob, searchText: searchText) + [record.rawValue])
            rowID = db.lastInsertedRowID
        }
        guard let view else { return }
        if !deferSearchIndex, !searchText.isEmpty {
            try db.execute(sql: "INSERT INTO record_search(rowid, search_text) VALUES (?, ?)", arguments: [rowID, searchText])
        }
        let facetStatement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO record_facet (facet, value, record) VALUES (?, ?, ?)")
        for (facet, value) in Facets.of(view) { try facetStatement.execute(arguments: [facet, value, rowID]) }
        for conflict in view.conflicts {
            let field: String
            switch conflict.kind {
            case .register(let key): field = key.description
            case .deleteVsEdit: field = "delete"
            }
            try db.execute(sql: "INSERT INTO open_conflict (id, record, field) VALUES (?, ?, ?)", arguments: [conflict.id, record.rawValue, field])
        }
        for proposal in view.proposals {
            try db.execute(
                sql: "INSERT INTO open_proposal (id, record, author, hlc_wall, hlc_counter) VALUES (?, ?, ?, ?, ?)",
                arguments: [proposal.id.description, record.rawValue, proposal.id.origin.rawValue, proposal.hlc.wallMillis, proposal.hlc.counter])
        }
    }

    private static func columns(_ view: RecordView?, opsBlob: Data, searchText: String) -> StatementArguments {
        guard let view else { return [opsBlob, nil, nil, nil, nil, 0, nil, "", 0, 0, ""] }
        let title = view.text("title", preferring: [LanguageTag("en")!])?.text ?? ""
        return [
            opsBlob, String(decoding: view.json.canonicalBytes, as: UTF8.self), Data(CatalogueDigest.hash(of: view)), view.type.rawValue,
            view.owner.rawValue, view.isPrivate ? 1 : 0, view.state.rawValue, title, view.lastChange.wallMillis, view.lastChange.counter,
            searchText,
        ]
    }
}

/// The text of a record the full-text index holds: every language of its texts, its tags.
enum SearchText {
    static func of(_ view: RecordView) -> String {
        guard view.state == .alive else { return "" }
        var parts: [String] = []
        for (key, register) in view.registers.sorted(by: { $0.key < $1.key })
        where ["title", "summary", "description", "results", "contact", "funding_programme"].contains(key.field) {
            parts.append(register.current.value)
        }
        for field in ["themes", "target_groups", "countries"] { parts += view.values(field) }
        return parts.joined(separator: "\n")
    }
}

/// The facet values a record is filtered and counted by.
enum Facets {
    static func of(_ view: RecordView) -> [(String, String)] {
        var facets: [(String, String)] = [("type", view.type.rawValue), ("member", view.owner.rawValue)]
        if let status = view.value(RegisterKey(field: "status")) { facets.append(("status", status)) }
        if let year = view.value(RegisterKey(field: "year")) { facets.append(("year", year)) }
        facets += view.values("countries").map { ("country", $0) }
        facets += view.values("themes").map { ("theme", $0) }
        facets += view.values("partners").map { ("partner", $0) }
        let languages = Set(view.values("languages") + ["title", "summary", "description"].flatMap { view.languages(of: $0).map(\.rawValue) })
        facets += languages.sorted().map { ("language", $0) }
        return facets
    }
}
