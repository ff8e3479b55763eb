import Foundation
import GRDB
import MosaicCore

/// Recomputes records' views from all their operations and writes them with their facets,
/// search text, conflicts and proposals: the materialised catalogue.
///
/// Three steps, so that the merge of many records runs on all cores: ``load(_:in:)`` reads a
/// record's row, ``prepare(_:stored:adding:)`` merges (pure), ``write(_:in:deferSearchIndex:)`` stores.
struct RecordWriter: Sendable {
    let authority: Materializer.Authority

    /// A record's stored row, as read.
    struct Stored: Sendable {
        let rowID: Int64
        let operations: Data
        let searchText: String
    }

    /// Everything to write for one record.
    struct Prepared: Sendable {
        let record: RecordID
        let stored: Stored?
        let view: RecordView?
        let operations: Data
        let viewText: String?
        let viewHash: Data?
        let searchText: String
        let title: String
        let facets: [(String, String)]
    }

    /// Why a stored row cannot be used.
    struct Unreadable: Error, CustomStringConvertible {
        let record: RecordID
        var description: String { "the stored operations of record \(record) are unreadable" }
    }

    func load(_ record: RecordID, in db: Database) throws -> Stored? {
        guard let row = try Row.fetchOne(db, sql: "SELECT rowid, ops, search_text FROM record WHERE id = ?", arguments: [record.rawValue])
        else {
            return nil
        }
        return Stored(rowID: row["rowid"], operations: row["ops"], searchText: row["search_text"])
    }

    /// Merges `newOperations` into the stored ones and computes the rows. Pure: safe to run in parallel.
    func prepare(_ record: RecordID, stored: Stored?, adding newOperations: [RecordOperation]) -> Result<Prepared, Unreadable> {
        var operations = newOperations
        if let stored {
            guard let previous = RecordOperation.decode(Array(stored.operations)) else { return .failure(Unreadable(record: record)) }
            let known = Set(previous.map(\.id))
            operations = previous + newOperations.filter { !known.contains($0.id) }
        }
        let view = Materializer.view(of: operations, authority: authority)
        let viewBytes = view?.canonicalBytes
        return .success(
            Prepared(
                record: record, stored: stored, view: view, operations: Data(RecordOperation.encode(operations)),
                viewText: viewBytes.map { String(decoding: $0, as: UTF8.self) },
                viewHash: viewBytes.map { Data(CatalogueDigest.hash(ofViewBytes: $0)) },
                searchText: view.map(SearchText.of) ?? "", title: view?.text("title", preferring: [LanguageTag("en")!])?.text ?? "",
                facets: view.map(Facets.of) ?? []))
    }

    /// Writes a prepared record.
    /// - Parameter deferSearchIndex: leave the full-text index to one rebuild after a bulk load.
    func write(_ prepared: Prepared, in db: Database, deferSearchIndex: Bool) throws {
        let record = prepared.record, view = prepared.view
        let columns: StatementArguments = [
            prepared.operations, prepared.viewText, prepared.viewHash, view?.type.rawValue, view?.owner.rawValue,
            view?.isPrivate == true ? 1 : 0,
            view?.state.rawValue, prepared.title, view?.lastChange.wallMillis ?? 0, view?.lastChange.counter ?? 0, prepared.searchText,
        ]
        let rowID: Int64
        if let stored = prepared.stored {
            rowID = stored.rowID
            if !deferSearchIndex, !stored.searchText.isEmpty {
                try db.cachedStatement(sql: "INSERT INTO record_search(record_search, rowid, search_text) VALUES('delete', ?, ?)")
                    .execute(arguments: [rowID, stored.searchText])
            }
            try db.cachedStatement(
                sql: """
                    UPDATE record SET ops = ?, view = ?, view_hash = ?, type = ?, owner = ?, private = ?, state = ?, title = ?,
                    updated_wall = ?, updated_counter = ?, search_text = ?,
                    touched = (SELECT COALESCE(MAX(touched), 0) + 1 FROM record) WHERE rowid = ?
                    """
            ).execute(arguments: columns + [rowID])
            try db.cachedStatement(sql: "DELETE FROM record_facet WHERE record = ?").execute(arguments: [rowID])
            try db.cachedStatement(sql: "DELETE FROM open_conflict WHERE record = ?").execute(arguments: [record.rawValue])
            try db.cachedStatement(sql: "DELETE FROM open_proposal WHERE record = ?").execute(arguments: [record.rawValue])
        } else {
            try db.cachedStatement(
                sql: """
                    INSERT INTO record (ops, view, view_hash, type, owner, private, state, title, updated_wall, updated_counter, search_text, id, touched)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(touched), 0) + 1 FROM record))
                    """
            ).execute(arguments: columns + [record.rawValue])
            rowID = db.lastInsertedRowID
        }
        guard let view else { return }
        if !deferSearchIndex, !prepared.searchText.isEmpty {
            try db.cachedStatement(sql: "INSERT INTO record_search(rowid, search_text) VALUES (?, ?)").execute(arguments: [
                rowID, prepared.searchText,
            ])
        }
        let facetStatement = try db.cachedStatement(sql: "INSERT OR IGNORE INTO record_facet (facet, value, record) VALUES (?, ?, ?)")
        for (facet, value) in prepared.facets { try facetStatement.execute(arguments: [facet, value, rowID]) }
        for conflict in view.conflicts {
            let field: String
            switch conflict.kind {
            case .register(let key): field = key.description
            case .deleteVsEdit: field = "delete"
            }
            try db.cachedStatement(sql: "INSERT INTO open_conflict (id, record, field) VALUES (?, ?, ?)")
                .execute(arguments: [conflict.id, record.rawValue, field])
        }
        for proposal in view.proposals {
            try db.cachedStatement(sql: "INSERT INTO open_proposal (id, record, author, hlc_wall, hlc_counter) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [
                    proposal.id.description, record.rawValue, proposal.id.origin.rawValue, proposal.hlc.wallMillis, proposal.hlc.counter,
                ])
        }
    }
}

/// The text of a record the full-text index holds: every language of its texts, its tags, folded
/// by ``SearchFolding`` (the same folding every query gets).
enum SearchText {
    static func of(_ view: RecordView) -> String {
        guard view.state == .alive else { return "" }
        var parts: [String] = []
        for (key, register) in view.registers.sorted(by: { $0.key < $1.key })
        where ["title", "summary", "description", "results", "contact", "funding_programme"].contains(key.field) {
            parts.append(register.current.value)
        }
        for field in ["themes", "target_groups", "countries"] { parts += view.values(field) }
        return SearchFolding.fold(parts.joined(separator: "\n"))
    }
}

/// The facet values a record is filtered and counted by, in NFC: canonically equivalent values
/// (a theme typed composed on one node, decomposed on another) are one value, whichever commit
/// wrote them (commits are never altered; their values are normalised here, where they are indexed).
public enum Facets {
    /// The facet of the languages into which a record needs no translation: every multilingual field
    /// it has holds the language and none marks it stale. The `needs_translation` filter keeps the
    /// records without the wanted language here; the rule itself is ``RecordView/needsTranslation(into:)``.
    public static let translated = "translated"

    static func of(_ view: RecordView) -> [(String, String)] {
        raw(view).map { ($0.0, NormalForm.nfc($0.1)) }
    }

    private static func raw(_ view: RecordView) -> [(String, String)] {
        var facets: [(String, String)] = [("type", view.type.rawValue), ("member", view.owner.rawValue)]
        if let status = view.value(RegisterKey(field: "status")) { facets.append(("status", status)) }
        if let year = view.value(RegisterKey(field: "year")) { facets.append(("year", year)) }
        facets += view.values("countries").map { ("country", $0) }
        facets += view.values("themes").map { ("theme", $0) }
        facets += view.values("partners").map { ("partner", $0) }
        let languages = Set(
            view.values("languages") + ["title", "summary", "description"].flatMap { view.languages(of: $0).map(\.rawValue) })
        facets += languages.sorted().map { ("language", $0) }
        let written = Set(
            CatalogueSchema.fieldNames(of: view.type).filter { CatalogueSchema.fields[$0]?.kind == .multilingual }
                .flatMap { view.languages(of: $0) })
        facets += written.filter { !view.needsTranslation(into: $0) }.sorted().map { (translated, $0.rawValue) }
        return facets
    }
}
