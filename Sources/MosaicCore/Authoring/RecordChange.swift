/// A change a member asks for, before it becomes operations: what the commands, the web
/// interface and an import express.
public enum RecordChange: Sendable, Hashable {
    /// A new record with its first values; `nonce` fixes its id (``RecordID/derive(origin:nonce:)``).
    case create(type: RecordType, nonce: String, assignments: [FieldAssignment], isPrivate: Bool)
    /// New values for an existing record.
    case edit(RecordID, [FieldAssignment])
    /// Deletes a record (keeping any edit the deleter has not seen).
    case delete(RecordID)
    /// Settles an open conflict.
    case resolve(Conflict, Resolution)
    /// Takes a proposal's change as the owner's own.
    case accept(RecordID, proposal: WriteID)
    /// Declines a proposal.
    case dismiss(RecordID, proposal: WriteID)
    /// Shares a private record with the network, writing its current state in a public commit.
    case publish(RecordID)
    /// Confirms that one language of a multilingual field (`title.en`) is still right after another
    /// language changed: the same value written again, replacing its one current write.
    case confirm(RecordID, RegisterKey)

    /// The change with every value it writes as this node writes text (``NormalForm/written(_:)``:
    /// LF line ends, NFC).
    public var normalized: RecordChange {
        switch self {
        case .create(let type, let nonce, let assignments, let isPrivate):
            .create(type: type, nonce: nonce, assignments: assignments.map(\.normalized), isPrivate: isPrivate)
        case .edit(let id, let assignments): .edit(id, assignments.map(\.normalized))
        case .resolve(let conflict, .value(let value)): .resolve(conflict, .value(NormalForm.written(value)))
        case .delete, .resolve, .accept, .dismiss, .publish, .confirm: self
        }
    }

    /// The record a change concerns, once known.
    public var record: RecordID? {
        switch self {
        case .create: nil
        case .edit(let id, _), .delete(let id), .accept(let id, _), .dismiss(let id, _), .publish(let id), .confirm(let id, _): id
        case .resolve(let conflict, _): conflict.record
        }
    }
}

/// How a conflict is settled.
public enum Resolution: Sendable, Hashable {
    /// This value replaces every sibling (one of them, or a new one).
    case value(String)
    /// Delete-vs-edit: keep the record, undoing the deletes.
    case keep
    /// Delete-vs-edit: delete the record, including the edits the first delete had not seen.
    case delete
}

/// One field assignment: `title.fr=…`, `themes=a|b` (replace the set), `themes+=c`, `themes-=a`.
public enum FieldAssignment: Sendable, Hashable {
    case register(RegisterKey, String)
    case replaceSet(field: String, values: [String])
    case add(field: String, value: String)
    case remove(field: String, value: String)

    /// The assignment with its values as this node writes text (LF line ends, NFC).
    public var normalized: FieldAssignment {
        switch self {
        case .register(let key, let value): .register(key, NormalForm.written(value))
        case .replaceSet(let field, let values): .replaceSet(field: field, values: values.map(NormalForm.nfc))
        case .add(let field, let value): .add(field: field, value: NormalForm.nfc(value))
        case .remove(let field, let value): .remove(field: field, value: NormalForm.nfc(value))
        }
    }

    /// The field assigned.
    public var field: String {
        switch self {
        case .register(let key, _): key.field
        case .replaceSet(let field, _), .add(let field, _), .remove(let field, _): field
        }
    }

    /// Parses the command-line form `FIELD=VALUE`, `FIELD.LANG=VALUE`, `SET=a|b`, `SET+=v`, `SET-=v`.
    public static func parse(_ text: String) throws(AuthoringError) -> FieldAssignment {
        guard let equals = text.firstIndex(of: "=") else { throw .syntax(text) }
        var name = String(text[..<equals])
        let value = String(text[text.index(after: equals)...])
        var mode: Character?
        if let last = name.last, last == "+" || last == "-" {
            mode = last
            name.removeLast()
        }
        let fieldName = String(name.split(separator: ".", maxSplits: 1).first ?? "")
        guard let spec = CatalogueSchema.fields[fieldName] else { throw .unknownField(fieldName, type: nil) }
        switch spec.kind {
        case .set:
            switch mode {
            case "+": return .add(field: fieldName, value: value)
            case "-": return .remove(field: fieldName, value: value)
            default:
                guard name == fieldName else { throw .syntax(text) }
                return .replaceSet(
                    field: fieldName,
                    values: value.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            }
        case .register, .multilingual:
            guard mode == nil else { throw .notASet(fieldName) }
            guard let key = RegisterKey(name) else {
                throw spec.kind == .multilingual ? .languageNeeded(fieldName) : .syntax(text)
            }
            return .register(key, value)
        }
    }
}

/// Why a change cannot be made; nothing is written.
public enum AuthoringError: Error, Sendable, Equatable, CustomStringConvertible {
    case syntax(String)
    case unknownField(String, type: RecordType?)
    case languageNeeded(String)
    case notASet(String)
    case invalidValue(field: String, value: String, rule: String)
    case recordNotFound(String)
    case recordDeleted(RecordID)
    case cannotMakePrivate(RecordID)
    case alreadyPublic(RecordID)
    case conflictNotOpen(String)
    case proposalNotFound(String)
    case mixedVisibility
    case nothingToChange
    case lastTitle
    /// A language cannot be confirmed: `reason` says why (not multilingual, no text, a conflict, not stale).
    case cannotConfirm(String, reason: String)
    /// The commit would exceed what every peer accepts (``Commit/maxBytes``, ``Commit/maxOperations``):
    /// `record` is the record with the most bytes in it.
    case commitTooLarge(record: RecordID, records: Int, bytes: Int, operations: Int)

    public var description: String {
        switch self {
        case .syntax(let text): "'\(text)' is not FIELD=VALUE (text fields need a language: title.fr=…; sets take a|b, or SET+=v / SET-=v)"
        case .unknownField(let field, let type):
            "unknown field '\(field)'\(type.map { " for a \($0.rawValue)" } ?? ""); fields: "
                + (type.map { CatalogueSchema.fieldNames(of: $0) } ?? CatalogueSchema.order).joined(separator: ", ")
        case .languageNeeded(let field): "'\(field)' is written per language: use \(field).LANG=VALUE, e.g. \(field).fr=…"
        case .notASet(let field): "'\(field)' is not a set field: use \(field)=VALUE"
        case .invalidValue(let field, let value, let rule): "'\(Excerpt.of(value))' is not valid for \(field): expected \(rule)"
        case .recordNotFound(let id): "no record with id '\(id)' (see `mosaic record list`)"
        case .recordDeleted(let id): "record \(id) is deleted"
        case .cannotMakePrivate(let id): "record \(id) is already shared with the network: it cannot become private (archive or delete it)"
        case .alreadyPublic(let id): "record \(id) is already shared with the network"
        case .conflictNotOpen(let id): "no open conflict '\(id)' (see `mosaic conflicts list`)"
        case .proposalNotFound(let id): "no open proposal '\(id)' on this record"
        case .mixedVisibility: "one commit cannot change private and shared records together"
        case .nothingToChange: "nothing to change"
        case .cannotConfirm(let key, let reason): "\(key) cannot be confirmed: \(reason)"
        case .lastTitle: "title: a record keeps a title in at least one language; write one before clearing the last"
        case .commitTooLarge(let record, let records, let bytes, let operations):
            "the change to record \(record)\(records > 1 ? " and \(records - 1) other records" : "") makes a commit of \(bytes) bytes and "
                + "\(operations) operations; every node refuses commits over \(Commit.maxBytes) bytes (8 MiB) or \(Commit.maxOperations) "
                + "operations, so it was not signed and nothing was changed: make it in several smaller changes "
                + "(fewer records or languages at a time)"
        }
    }
}
