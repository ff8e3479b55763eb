/// A record to create, read from an import file: its type, its values and where it was.
public struct RecordDraft: Sendable, Hashable {
    public let type: RecordType
    public let assignments: [FieldAssignment]
    public let isPrivate: Bool
    /// Line of the file where the record starts (1-based).
    public let line: Int

    /// The change that creates it, with a fresh nonce.
    public func change(nonce: String = RecordID.newNonce()) -> RecordChange {
        .create(type: type, nonce: nonce, assignments: assignments, isPrivate: isPrivate)
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
    /// Keys an export adds that an import ignores (an import always creates new records).
    static let exportOnlyKeys: Set<String> = ["id", "owner", "updated"]

    /// A draft from one object of a JSON import (the format `mosaic export --format json` writes).
    public static func draft(json: JSONValue, line: Int) throws(DraftError) -> RecordDraft {
        guard let object = json.objectValue else { throw DraftError(line: line, message: "expected a JSON object for a record") }
        let type = try recordType(object["type"]?.stringValue, line: line)
        let (assignments, isPrivate) = try fields(json: object, type: type, line: line)
        return try finish(type: type, assignments: assignments, isPrivate: isPrivate, line: line)
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
                case .int(let number): text = String(number)
                default: throw fail("\(key): expected text or a whole number")
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
    /// set cells hold values separated by `|`.
    public static func draft(csv row: [(header: String, cell: String)], line: Int) throws(DraftError) -> RecordDraft {
        let typeCell = row.first { $0.header == "type" }?.cell
        let type = try recordType(typeCell, line: line)
        var assignments: [FieldAssignment] = []
        var isPrivate = false
        for (header, cell) in row where header != "type" && !exportOnlyKeys.contains(header) && !cell.isEmpty {
            let name = String(header.split(separator: ".", maxSplits: 1).first ?? "")
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
                try check(spec, cell, type: type, name: header, line: line)
                if name == "visibility" {
                    isPrivate = cell == "private"
                } else {
                    assignments.append(.register(RegisterKey(field: name), cell))
                }
            }
        }
        return try finish(type: type, assignments: assignments, isPrivate: isPrivate, line: line)
    }

    private static func finish(type: RecordType, assignments: [FieldAssignment], isPrivate: Bool, line: Int) throws(DraftError)
        -> RecordDraft
    {
        guard
            assignments.contains(where: {
                if case .register(let key, let text) = $0 { key.field == "title" && !text.isEmpty } else { false }
            })
        else { throw DraftError(line: line, message: "a record needs a title in at least one language (title.fr, title.en, …)") }
        return RecordDraft(type: type, assignments: assignments, isPrivate: isPrivate, line: line)
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
        guard spec.isValid(value, for: type) else {
            throw DraftError(line: line, message: "\(name): '\(Excerpt.of(value))' is not valid: expected \(spec.rule)")
        }
    }
}
