/// A commit: one signed, atomic batch of operations by one member, numbered in that
/// member's sequence. Local edits, imports, conflict resolutions and pulled changes are all commits.
public struct Commit: Sendable, Hashable {
    /// Format version written in the bytes.
    public static let formatVersion: Int64 = 1
    /// Most operations in one commit.
    public static let maxOperations = 50_000
    /// Largest commit, in bytes.
    public static let maxBytes = 8 << 20

    /// The member who made and signed the commit.
    public let origin: MemberID
    /// Public (shared) or local-only (private records).
    public let stream: CommitStream
    /// Position in the origin's stream: 1, 2, 3 … without gaps.
    public let seq: Int64
    /// The origin's hybrid logical clock when it made the commit.
    public let hlc: HybridTimestamp
    /// The changes, applied together.
    public let operations: [CatalogueOperation]
    /// The minor protocol version the commit needs (its `minor` key; absent, and 0, for the base
    /// version): the major is `v`. See ``ProtocolVersion``.
    public let minor: Int64
    /// Directory changes, written in `ops` after the catalogue operations (public stream only).
    public let directory: [DirectoryOperation]

    /// - Parameter minor: the minor protocol version the operations need; 0 (the key left out, so a
    ///   commit's bytes are those of every earlier Mosaic) unless they use kinds of a later minor version.
    public init(
        origin: MemberID, stream: CommitStream, seq: Int64, hlc: HybridTimestamp, operations: [CatalogueOperation],
        directory: [DirectoryOperation] = [], minor: Int64 = 0
    ) {
        self.origin = origin
        self.stream = stream
        self.seq = seq
        self.hlc = hlc
        self.operations = operations
        self.minor = minor
        self.directory = directory
    }

    /// The protocol version the commit declares (`v` and `minor`).
    public var protocolVersion: ProtocolVersion { ProtocolVersion(major: Self.formatVersion, minor: minor) }

    /// The id of the operation at `index`.
    public func writeID(_ index: Int) -> WriteID { WriteID(origin: origin, stream: stream, seq: seq, index: index) }

    /// The canonical bytes that the origin signs (equal to `json.canonicalBytes`, written directly).
    public var canonicalBytes: [UInt8] {
        var writer = CanonicalWriter(capacity: 128 + operations.count * 160)
        writer.beginObject()
        writer.key("hlc")
        writer.hlc(hlc)
        if minor > 0 {
            writer.key("minor")
            writer.int(minor)
        }
        writer.key("ops")
        writer.beginArray()
        for operation in operations { operation.write(into: &writer) }
        for operation in directory { operation.write(into: &writer) }
        writer.endArray()
        writer.key("origin")
        writer.string(origin.rawValue)
        writer.key("seq")
        writer.int(seq)
        writer.key("stream")
        writer.string(stream.rawValue)
        writer.key("v")
        writer.int(Self.formatVersion)
        writer.endObject()
        return writer.bytes
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [
            "v": .int(Self.formatVersion), "origin": .string(origin.rawValue), "stream": .string(stream.rawValue), "seq": .int(seq),
            "hlc": .array([.int(hlc.wallMillis), .int(hlc.counter)]), "ops": .array(operations.map(\.json) + directory.map(\.json)),
        ]
        if minor > 0 { members["minor"] = .int(minor) }
        return .object(members)
    }
}

extension CatalogueOperation {
    /// Writes the operation's canonical JSON, keys in byte order.
    func write(into writer: inout CanonicalWriter) {
        if case .unknown(let operation) = self {
            writer.raw(operation.json.canonicalBytes)
            return
        }
        writer.beginObject()
        switch self {
        case .create(let record, let type, let nonce):
            writer.key("nonce"); writer.string(nonce)
            writer.key("op"); writer.string("create")
            writer.key("record"); writer.string(record.rawValue)
            writer.key("type"); writer.string(type.rawValue)
        case .set(let record, let field, let lang, let value, let replaces):
            writer.key("field"); writer.string(field)
            if let lang { writer.key("lang"); writer.string(lang.rawValue) }
            writer.key("op"); writer.string("set")
            writer.key("record"); writer.string(record.rawValue)
            writer.key("replaces"); writer.ids(replaces)
            writer.key("value"); writer.string(value)
        case .add(let record, let field, let value):
            writer.key("field"); writer.string(field)
            writer.key("op"); writer.string("add")
            writer.key("record"); writer.string(record.rawValue)
            writer.key("value"); writer.string(value)
        case .remove(let record, let field, let value, let tags):
            writer.key("field"); writer.string(field)
            writer.key("op"); writer.string("remove")
            writer.key("record"); writer.string(record.rawValue)
            writer.key("tags"); writer.ids(tags)
            writer.key("value"); writer.string(value)
        case .delete(let record, let seen):
            writer.key("op"); writer.string("delete")
            writer.key("record"); writer.string(record.rawValue)
            writer.key("seen"); writer.ids(seen)
        case .restore(let record, let deletes):
            writer.key("deletes"); writer.ids(deletes)
            writer.key("op"); writer.string("restore")
            writer.key("record"); writer.string(record.rawValue)
        case .dismiss(let record, let proposals):
            writer.key("op"); writer.string("dismiss")
            writer.key("proposals"); writer.ids(proposals)
            writer.key("record"); writer.string(record.rawValue)
        case .unknown: break
        }
        writer.endObject()
    }

    var json: JSONValue {
        if case .unknown(let operation) = self { return operation.json }
        func refs(_ ids: [WriteID]) -> JSONValue { .array(Set(ids).sorted().map { .string($0.description) }) }
        var members: [String: JSONValue] = ["op": .string(name), "record": .string(record.rawValue)]
        switch self {
        case .create(_, let type, let nonce):
            members["type"] = .string(type.rawValue)
            members["nonce"] = .string(nonce)
        case .set(_, let field, let lang, let value, let replaces):
            members["field"] = .string(field)
            if let lang { members["lang"] = .string(lang.rawValue) }
            members["value"] = .string(value)
            members["replaces"] = refs(replaces)
        case .add(_, let field, let value):
            members["field"] = .string(field)
            members["value"] = .string(value)
        case .remove(_, let field, let value, let tags):
            members["field"] = .string(field)
            members["value"] = .string(value)
            members["tags"] = refs(tags)
        case .delete(_, let seen): members["seen"] = refs(seen)
        case .restore(_, let deletes): members["deletes"] = refs(deletes)
        case .dismiss(_, let proposals): members["proposals"] = refs(proposals)
        case .unknown: break
        }
        return .object(members)
    }
}
