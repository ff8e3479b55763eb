/// A record read from an import file: the record it updates (its `id`, when given) or a new
/// one, its type, its values and where it was.
public struct RecordDraft: Sendable, Hashable {
    /// The record to update; `nil` for a new record.
    public let id: RecordID?
    public let type: RecordType
    /// The values the file gives. For an update, an empty CSV cell clears its field (an empty
    /// text or an empty set) and a given visibility is checked against the record's.
    public let assignments: [FieldAssignment]
    public let isPrivate: Bool
    /// Line of the file where the record starts (1-based).
    public let line: Int
    /// The record's last change as the export that wrote this row saw it (its `updated` cell or
    /// key), in Unix milliseconds; `nil` when the file gives none. An import refuses a row whose
    /// record has changed since, so an old export never silently undoes a newer change.
    public var exportedChange: Int64? = nil

    /// The change it asks for: an edit of the record ``id`` names, else a create with a fresh nonce.
    public func change(nonce: String = RecordID.newNonce()) -> RecordChange {
        if let id { return .edit(id, assignments) }
        return .create(type: type, nonce: nonce, assignments: assignments, isPrivate: isPrivate)
    }

    /// The edit of `view` (the record ``id`` names) that this draft asks for: only the text
    /// values that differ from what the record shows, so that a row read back from an export
    /// changes nothing, not even a field with an open conflict; sets as the file gives them.
    public func edit(of view: RecordView) -> RecordChange {
        .edit(
            view.id,
            assignments.filter {
                guard case .register(let key, let value) = $0 else { return true }
                return (view.value(key) ?? "") != value
            })
    }
}

/// Why one record of an import file is refused: where, and what is wrong.
public struct DraftError: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// Builds drafts from the import formats, checking every value against the schema.
public enum DraftReader {
    /// Keys an export adds that are not fields: `id` names the record to update, `updated` is read
    /// apart as ``RecordDraft/exportedChange``, `owner` is ignored.
    public static let exportOnlyKeys: Set<String> = ["id", "owner", "updated"]

    /// A draft from one object of a JSON import (the format `mosaic export --format json` writes).
    public static func draft(json: JSONValue, line: Int) throws(DraftError) -> RecordDraft {
        guard let object = json.objectValue else { throw DraftError(line: line, message: "expected a JSON object for a record") }
        let type = try recordType(object["type"]?.stringValue, line: line)
        if let value = object["id"], value.stringValue == nil { throw DraftError(line: line, message: "id: expected text") }
        let id = try recordID(object["id"]?.stringValue, line: line)
        let (assignments, isPrivate) = try fields(json: object, type: type, line: line)
        let stamp: String?
        switch object["updated"] {
        case .string(let text): stamp = text
        case .int(let millis): stamp = String(millis)  // exports before RFC 3339 times wrote milliseconds
        case nil, .null: stamp = nil
        default: throw DraftError(line: line, message: "updated: expected the time an export writes, e.g. \"2026-11-30T08:54:41.512Z\"")
        }
        var draft = try finish(
            id: id, type: type, assignments: assignments, isPrivate: isPrivate, visibilityGiven: object["visibility"] != nil, line: line)
        draft.exportedChange = try ExportStamp.millis(stamp, line: line)
        return draft
    }

    /// The field assignments of an object in the JSON import format (a whole record or some of
    /// its fields, as an edit sends them), and whether it asks for a private record.
    public static func fields(json object: [String: JSONValue], type: RecordType, line: Int) throws(DraftError) -> (
        assignments: [FieldAssignment], isPrivate: Bool
    ) {
        func fail(_ message: String) -> DraftError { DraftError(line: line, message: message) }
        var assignments: [FieldAssignment] = []
        var isPrivate = false
        for (key, value) in object.sorted(by: { $0.key < $1.key }) where key != "type" && !exportOnlyKeys.contains(key) {
            let spec = try fieldSpec(key, type: type, line: line)
            switch spec.kind {
            case .multilingual:
                guard let texts = value.objectValue else { throw fail("\(key): expected an object of languages, e.g. {\"fr\": \"…\"}") }
                for (lang, text) in texts.sorted(by: { $0.key < $1.key }) {
                    guard let tag = LanguageTag(lang) else { throw fail("\(key): '\(lang)' is not a language tag") }
                    guard let text = text.stringValue else { throw fail("\(key).\(lang): expected text") }
                    try check(spec, text, type: type, name: "\(key).\(lang)", line: line)
                    assignments.append(.register(RegisterKey(field: key, lang: tag), text))
                }
            case .set:
                guard let elements = value.arrayValue else { throw fail("\(key): expected a list, e.g. [\"a\", \"b\"]") }
                var values: [String] = []
                for (index, element) in elements.enumerated() {
                    guard let text = element.stringValue else { throw fail("\(key)[\(index)]: expected text") }
                    try check(spec, text, type: type, name: "\(key)[\(index)]", line: line)
                    values.append(text)
                }
                assignments.append(.replaceSet(field: key, values: values))
            case .register:
                let text: String
                switch value {
                case .string(let string): text = string
                // Only the number fields take a JSON number (as the OpenAPI schema says); a number
                // for a text field (`"funding_programme": 12`) is a client's mistake, not text.
                case .int(let number) where CatalogueSchema.numberFields.contains(key): text = String(number)
                default:
                    throw fail(
                        CatalogueSchema.numberFields.contains(key) ? "\(key): expected text or a whole number" : "\(key): expected text")
                }
                if key == "visibility" {
                    try check(spec, text, type: type, name: key, line: line)
                    isPrivate = text == "private"
                    continue
                }
                try check(spec, text, type: type, name: key, line: line)
                assignments.append(.register(RegisterKey(field: key), text))
            }
        }
        return (assignments, isPrivate)
    }

    /// A draft from one CSV row, given as header → cell. Text columns are `title.fr`;
    /// set cells hold values separated by `|`. With an `id`, an empty cell clears its field.
    public static func draft(csv row: [(header: String, cell: String)], line: Int) throws(DraftError) -> RecordDraft {
        let typeCell = row.first { $0.header == "type" }?.cell
        let type = try recordType(typeCell, line: line)
        let id = try recordID(row.first { $0.header == "id" }?.cell, line: line)
        var assignments: [FieldAssignment] = []
        var isPrivate = false
        var visibilityGiven = false
        for (header, cell) in row where header != "type" && !exportOnlyKeys.contains(header) && (id != nil || !cell.isEmpty) {
            let name = String(header.split(separator: ".", maxSplits: 1).first ?? "")
            // An export has a column for every field of either type; a practice leaves budget_eur empty.
            if cell.isEmpty, CatalogueSchema.fields[name]?.types.contains(type) != true { continue }
            let spec = try fieldSpec(name, type: type, line: line)
            switch spec.kind {
            case .multilingual:
                guard let key = RegisterKey(header) else {
                    throw DraftError(line: line, message: "column '\(header)': text columns name a language, e.g. \(name).fr")
                }
                try check(spec, cell, type: type, name: header, line: line)
                assignments.append(.register(key, cell))
            case .set:
                let values = cell.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                for value in values { try check(spec, value, type: type, name: header, line: line) }
                assignments.append(.replaceSet(field: name, values: values))
            case .register:
                guard header == name else { throw DraftError(line: line, message: "column '\(header)': \(name) has no languages") }
                if name == "visibility" {
                    guard !cell.isEmpty else { continue }  // an update never clears visibility
                    try check(spec, cell, type: type, name: header, line: line)
                    isPrivate = cell == "private"
                    visibilityGiven = true
                } else {
                    try check(spec, cell, type: type, name: header, line: line)
                    assignments.append(.register(RegisterKey(field: name), cell))
                }
            }
        }
        var draft = try finish(
            id: id, type: type, assignments: assignments, isPrivate: isPrivate, visibilityGiven: visibilityGiven, line: line)
        draft.exportedChange = try ExportStamp.millis(row.first { $0.header == "updated" }?.cell, line: line)
        return draft
    }

    private static func finish(
        id: RecordID?, type: RecordType, assignments: [FieldAssignment], isPrivate: Bool, visibilityGiven: Bool, line: Int
    ) throws(DraftError) -> RecordDraft {
        if let id {
            // The planner refuses a change of visibility with the way to do it (publish).
            let visibility = FieldAssignment.register(RegisterKey(field: "visibility"), isPrivate ? "private" : "network")
            return RecordDraft(
                id: id, type: type, assignments: assignments + (visibilityGiven ? [visibility] : []), isPrivate: isPrivate, line: line)
        }
        guard Self.hasTitle(assignments) else { throw DraftError(line: line, message: Self.titleRule) }
        return RecordDraft(id: nil, type: type, assignments: assignments, isPrivate: isPrivate, line: line)
    }

    /// The rule every new record follows, wherever it is made (import, API, `mosaic record add`).
    public static let titleRule = "a record needs a title in at least one language (title.fr, title.en, …)"

    /// Whether `assignments` give a new record a title in at least one language (``titleRule``).
    public static func hasTitle(_ assignments: [FieldAssignment]) -> Bool {
        assignments.contains {
            if case .register(let key, let text) = $0 { key.field == "title" && !text.isEmpty } else { false }
        }
    }

    /// The record an `id` cell names; `nil` when it is absent or empty (a new record).
    private static func recordID(_ text: String?, line: Int) throws(DraftError) -> RecordID? {
        guard let text, !text.isEmpty else { return nil }
        guard let id = RecordID(text) else {
            throw DraftError(
                line: line,
                message: "id '\(text.prefix(60))' is not a record id as `mosaic export` writes it; leave it empty for a new record")
        }
        return id
    }

    private static func recordType(_ text: String?, line: Int) throws(DraftError) -> RecordType {
        guard let text, !text.isEmpty else { throw DraftError(line: line, message: "missing type: practice or project") }
        guard let type = RecordType(rawValue: text) else {
            throw DraftError(line: line, message: "type '\(text)': expected practice or project")
        }
        return type
    }

    private static func fieldSpec(_ name: String, type: RecordType, line: Int) throws(DraftError) -> FieldSpec {
        guard let spec = CatalogueSchema.fields[name], spec.types.contains(type) else {
            let known = CatalogueSchema.fieldNames(of: type)
            throw DraftError(
                line: line,
                message:
                    "unknown field '\(name)' for a \(type.rawValue)\(Suggestion.hint(for: name, among: known)); fields: type, \(known.joined(separator: ", "))"
            )
        }
        return spec
    }

    private static func check(_ spec: FieldSpec, _ value: String, type: RecordType, name: String, line: Int) throws(DraftError) {
        // Checked as it will be written: CR LF and CR become LF (a JSON file or API body from
        // Windows or a browser), as the planner writes them (``NormalForm/written(_:)``).
        guard spec.isValid(NormalForm.written(value), for: type) else {
            throw DraftError(line: line, message: "\(name): '\(Excerpt.of(value))' is not valid: expected \(spec.rule)")
        }
    }
}
