/// An operation this build does not understand: a kind it does not know, or a known kind with a
/// key or catalogue field it does not know, from a commit of a newer minor protocol version.
///
/// It is kept exactly as received (its canonical JSON), so the commit's bytes, and so its
/// signature, stay valid when this node relays it. It names its record, as every operation of
/// every version does, so the record can say it needs a newer Mosaic.
public struct UnknownOperation: Sendable, Hashable {
    /// The `op` text (`tag`, or a known kind such as `set` with an unknown key).
    public let kind: String
    /// The record it changes.
    public let record: RecordID
    /// The whole operation object, as received.
    public let json: JSONValue

    /// Reads an operation object that has at least `op` (a string) and `record` (a record id).
    /// - Throws: ``CommitDecoder/OperationFailure`` naming what is missing.
    public init(json: JSONValue) throws(CommitDecoder.OperationFailure) {
        guard let object = json.objectValue, let kind = object["op"]?.stringValue else {
            throw CommitDecoder.OperationFailure(reason: "not an operation object")
        }
        guard let text = object["record"]?.stringValue, let record = RecordID(text) else {
            throw CommitDecoder.OperationFailure(reason: "record is not a lower-case UUID")
        }
        self.kind = kind
        self.record = record
        self.json = json
    }

    /// The operation's members (`op`, `record` and the rest).
    public var object: [String: JSONValue] { json.objectValue ?? [:] }
}
