/// One change inside a commit. Every operation names its record; the references it carries
/// (`replaces`, `tags`, `seen`, …) are the causal context that makes the merge converge.
public enum CatalogueOperation: Sendable, Hashable {
    /// Creates a record; its id must equal `RecordID.derive(origin:nonce:)`.
    case create(record: RecordID, type: RecordType, nonce: String)
    /// Writes a register (`lang` set for a multilingual field), replacing the writes it lists.
    case set(record: RecordID, field: String, lang: LanguageTag?, value: String, replaces: [WriteID])
    /// Adds an element to a set; the operation's own id is the element's tag.
    case add(record: RecordID, field: String, value: String)
    /// Removes the tags of an element that the writer observed.
    case remove(record: RecordID, field: String, value: String, tags: [WriteID])
    /// Deletes a record, listing the live writes the deleter had seen.
    case delete(record: RecordID, seen: [WriteID])
    /// Undoes the listed deletes (a "keep" resolution of a delete-vs-edit conflict).
    case restore(record: RecordID, deletes: [WriteID])
    /// Declines the listed proposals.
    case dismiss(record: RecordID, proposals: [WriteID])
    /// An operation of a newer minor protocol version that this build does not understand: kept
    /// byte for byte, relayed, and left out of the view (see ``UnknownOperation``).
    case unknown(UnknownOperation)

    /// The record the operation changes.
    public var record: RecordID {
        switch self {
        case .create(let record, _, _), .set(let record, _, _, _, _), .add(let record, _, _), .remove(let record, _, _, _),
            .delete(let record, _), .restore(let record, _), .dismiss(let record, _):
            record
        case .unknown(let operation): operation.record
        }
    }

    /// The operation's name in commit bytes.
    public var name: String {
        switch self {
        case .create: "create"
        case .set: "set"
        case .add: "add"
        case .remove: "remove"
        case .delete: "delete"
        case .restore: "restore"
        case .dismiss: "dismiss"
        case .unknown(let operation): operation.kind
        }
    }
}
