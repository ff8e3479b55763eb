/// Reads commit bytes back into a ``Commit``, refusing anything that is not exactly the
/// canonical form of a valid commit.
public enum CommitDecoder {
    /// Decodes and checks `bytes`.
    ///
    /// An operation this build does not understand (an unknown kind, key or catalogue field) is kept
    /// as ``CatalogueOperation/unknown(_:)`` when the commit declares a newer minor protocol version
    /// than `known` speaks, or when `known` interprets it; otherwise the commit is refused.
    /// - Parameter known: the protocol version and operation kinds of this node (``KnownOperations/current``).
    /// - Throws: ``CommitError`` naming what is wrong; ``CommitError/incompatibleProtocol(origin:seq:found:speaks:)``
    ///   for a commit of another major version.
    public static func decode(_ bytes: [UInt8], knowing known: KnownOperations = .current) throws(CommitError) -> Commit {
        guard bytes.count <= Commit.maxBytes else { throw .malformed("commit of \(bytes.count) bytes exceeds \(Commit.maxBytes)") }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw .malformed(error.description)
        }
        guard let object = json.objectValue else { throw .malformed("a commit must be a JSON object") }
        // The major version first: a commit of another major may hold anything, and the node says so.
        guard let major = object["v"]?.intValue else {
            throw .malformed("unsupported commit format version: v must be the protocol's major version, an integer")
        }
        guard major == known.version.major else {
            throw .incompatibleProtocol(
                origin: object["origin"]?.stringValue.map { String($0.prefix(32)) } ?? "?", seq: object["seq"]?.intValue ?? 0,
                found: major, speaks: known.version.major)
        }
        try expectKeys(object, ["v", "minor", "origin", "stream", "seq", "hlc", "ops"], in: "commit")
        var minor: Int64 = 0
        if let value = object["minor"] {
            guard let number = value.intValue, number >= 1 else {
                throw .malformed("minor must be a positive integer (left out for version \(major).0)")
            }
            minor = number
        }
        guard let originText = object["origin"]?.stringValue, let origin = MemberID(originText) else {
            throw .malformed("origin is not a member id")
        }
        guard let streamText = object["stream"]?.stringValue, let stream = CommitStream(rawValue: streamText) else {
            throw .malformed("stream must be public or local")
        }
        guard let seq = object["seq"]?.intValue, seq >= 1 else { throw .malformed("seq must be a positive integer") }
        guard let hlcParts = object["hlc"]?.arrayValue, hlcParts.count == 2, let wall = hlcParts[0].intValue,
            let counter = hlcParts[1].intValue, wall >= 0, counter >= 0
        else { throw .malformed("hlc must be [wall milliseconds, counter]") }
        // A counter near Int64.max would make the next local tick overflow on every node that applied it.
        guard counter <= HybridTimestamp.maxCounter else {
            throw .malformed("hlc counter \(counter) exceeds \(HybridTimestamp.maxCounter)")
        }
        guard let opValues = object["ops"]?.arrayValue, !opValues.isEmpty, opValues.count <= Commit.maxOperations else {
            throw .malformed("ops must hold 1 to \(Commit.maxOperations) operations")
        }
        let declared = ProtocolVersion(major: major, minor: minor)
        var operations: [CatalogueOperation] = []
        operations.reserveCapacity(opValues.count)
        var directory: [DirectoryOperation] = []
        for (index, value) in opValues.enumerated() {
            do {
                // Directory changes follow the catalogue operations (the canonical check below enforces
                // the order); they are known to every 1.x node, so they come before the unknown-kind path.
                if let object = value.objectValue, let name = object["op"]?.stringValue, DirectoryOperation.names.contains(name) {
                    directory.append(try DirectoryOperation.decode(object, name: name))
                } else {
                    operations.append(try decodeOperation(value, origin: origin, declared: declared, known: known))
                }
            } catch {
                throw .invalidOperation(index: index, reason: error.reason)
            }
        }
        if stream == .public, operations.contains(where: { if case .set(_, "visibility", _, "private", _) = $0 { true } else { false } }) {
            throw .malformed("a public commit cannot make a record private: its data has already been shared")
        }
        if stream == .local, !directory.isEmpty { throw .malformed("a directory change belongs in the public stream") }
        let commit = Commit(
            origin: origin, stream: stream, seq: seq, hlc: HybridTimestamp(wallMillis: wall, counter: counter), operations: operations,
            directory: directory, minor: minor)
        guard commit.canonicalBytes == bytes else {
            throw .notCanonical(origin: origin.rawValue, seq: seq)
        }
        return commit
    }

    /// One operation of a commit: a base operation, or one kept as ``CatalogueOperation/unknown(_:)``
    /// when it is beyond this build (the commit declares a later minor version than `known`'s) or `known` interprets it.
    private static func decodeOperation(
        _ value: JSONValue, origin: MemberID, declared: ProtocolVersion, known: KnownOperations
    ) throws(OperationFailure) -> CatalogueOperation {
        do {
            return try decodeOperation(value, origin: origin)
        } catch  where error.isUnknown {
            let operation = try UnknownOperation(json: value)
            if declared.minor > known.version.minor || known.interpret(operation, origin: origin) != nil { return .unknown(operation) }
            throw OperationFailure(
                reason: error.reason
                    + " in a commit of protocol \(declared), which this node (protocol \(known.version)) reads in full: "
                    + "an operation of a newer version needs a commit that declares it (its minor key)")
        }
    }

    /// Why one operation is invalid.
    public struct OperationFailure: Error {
        /// In words, as in `docs/PROTOCOL.md` §11.3.
        public let reason: String
        /// The operation is not wrong but beyond this build: an unknown kind, key or catalogue field.
        let isUnknown: Bool

        init(reason: String, unknown: Bool = false) {
            self.reason = reason
            self.isUnknown = unknown
        }
    }

    private static func expectKeys(_ object: [String: JSONValue], _ allowed: Set<String>, in what: String) throws(CommitError) {
        if let unknown = object.keys.first(where: { !allowed.contains($0) }) { throw .malformed("unknown key \"\(unknown)\" in \(what)") }
    }

    static func decodeOperation(_ value: JSONValue, origin: MemberID) throws(OperationFailure) -> CatalogueOperation {
        guard let object = value.objectValue, let name = object["op"]?.stringValue else {
            throw OperationFailure(reason: "not an operation object")
        }
        guard let recordText = object["record"]?.stringValue, let record = RecordID(recordText) else {
            throw OperationFailure(reason: "record is not a lower-case UUID")
        }
        func string(_ key: String) throws(OperationFailure) -> String {
            guard let text = object[key]?.stringValue else { throw OperationFailure(reason: "\(key) must be a string") }
            return text
        }
        func refs(_ key: String) throws(OperationFailure) -> [WriteID] {
            guard let values = object[key]?.arrayValue else { throw OperationFailure(reason: "\(key) must be a list of write ids") }
            var ids: [WriteID] = []
            for value in values {
                guard let text = value.stringValue, let id = WriteID(text) else {
                    throw OperationFailure(reason: "\(key) holds an invalid write id")
                }
                ids.append(id)
            }
            return ids
        }
        func allow(_ keys: Set<String>) throws(OperationFailure) {
            if let unknown = object.keys.first(where: { !keys.union(["op", "record"]).contains($0) }) {
                throw OperationFailure(reason: "unknown key \"\(unknown)\" in \(name)", unknown: true)
            }
        }
        func field(_ kinds: Set<FieldKind>) throws(OperationFailure) -> FieldSpec {
            let name = try string("field")
            guard let spec = CatalogueSchema.fields[name] else {
                throw OperationFailure(reason: "unknown field \"\(name)\"", unknown: true)
            }
            guard kinds.contains(spec.kind) else { throw OperationFailure(reason: "field \"\(name)\" is a \(spec.kind.rawValue) field") }
            return spec
        }
        switch name {
        case "create":
            try allow(["type", "nonce"])
            guard let type = RecordType(rawValue: try string("type")) else {
                throw OperationFailure(reason: "type must be practice or project")
            }
            let nonce = try string("nonce")
            guard RecordID.isValidNonce(nonce) else {
                throw OperationFailure(reason: "nonce must be 8 to 64 printable ASCII characters")
            }
            guard RecordID.derive(origin: origin, nonce: nonce) == record else {
                throw OperationFailure(reason: "record id does not derive from the origin and nonce (a create under someone else's id)")
            }
            return .create(record: record, type: type, nonce: nonce)
        case "set":
            try allow(["field", "lang", "value", "replaces"])
            let spec = try field([.register, .multilingual])
            var lang: LanguageTag?
            if spec.kind == .multilingual {
                guard let tag = LanguageTag(try string("lang")) else { throw OperationFailure(reason: "lang must be a language tag") }
                lang = tag
            } else if object["lang"] != nil {
                throw OperationFailure(reason: "field \"\(spec.name)\" has no languages")
            }
            let value = try string("value")
            guard spec.isValid(value) else { throw OperationFailure(reason: "value for \"\(spec.name)\" must be \(spec.rule)") }
            return .set(record: record, field: spec.name, lang: lang, value: value, replaces: try refs("replaces"))
        case "add", "remove":
            try allow(name == "add" ? ["field", "value"] : ["field", "value", "tags"])
            let spec = try field([.set])
            let value = try string("value")
            guard spec.isValid(value) else { throw OperationFailure(reason: "value for \"\(spec.name)\" must be \(spec.rule)") }
            if name == "add" { return .add(record: record, field: spec.name, value: value) }
            return .remove(record: record, field: spec.name, value: value, tags: try refs("tags"))
        case "delete":
            try allow(["seen"])
            return .delete(record: record, seen: try refs("seen"))
        case "restore":
            try allow(["deletes"])
            return .restore(record: record, deletes: try refs("deletes"))
        case "dismiss":
            try allow(["proposals"])
            return .dismiss(record: record, proposals: try refs("proposals"))
        default:
            throw OperationFailure(reason: "unknown operation \"\(name)\"", unknown: true)
        }
    }
}

/// Why a commit was refused. Each case says what and, where it matters, whose.
public enum CommitError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    case notCanonical(origin: String, seq: Int64)
    case invalidOperation(index: Int, reason: String)
    case unknownOrigin(String)
    case badSignature(origin: String, seq: Int64)
    case localCommitReceived(origin: String, seq: Int64)
    /// A commit of another major protocol version (`v`) than the node's.
    case incompatibleProtocol(origin: String, seq: Int64, found: Int64, speaks: Int64)
    /// The origin was revoked after its commit #`after`.
    case revoked(origin: String, seq: Int64, after: Int64)
    /// A directory change signed by a member that is not a coordinator.
    case notCoordinator(origin: String, seq: Int64, operation: String)

    public var description: String {
        switch self {
        case .malformed(let reason): "malformed commit: \(reason)"
        case .notCanonical(let origin, let seq):
            "commit \(origin)#\(seq) is not in canonical form (re-encoded, padded or with reordered keys): refused"
        case .invalidOperation(let index, let reason): "invalid operation #\(index): \(reason)"
        case .unknownOrigin(let origin): "commit from '\(origin)', which is not in the member directory: held back"
        case .badSignature(let origin, let seq):
            "commit \(origin)#\(seq): the signature does not verify with \(origin)'s public key (forged or altered)"
        case .localCommitReceived(let origin, let seq): "commit \(origin)#\(seq) is local-only and must never leave its node"
        case .incompatibleProtocol(let origin, let seq, let found, let speaks):
            ProtocolVersion(major: speaks, minor: 0).incompatibility(
                with: ProtocolVersion(major: found, minor: 0), subject: "commit \(origin)#\(seq)")
        case .revoked(let origin, let seq, let after):
            "commit \(origin)#\(seq): \(origin) was revoked after its commit #\(after); later commits are refused"
        case .notCoordinator(let origin, let seq, let operation):
            "commit \(origin)#\(seq): a \"\(operation)\" directory change must be signed by a coordinator, and \(origin) is not one (forged write): refused"
        }
    }
}
