import Foundation

/// A change to the member directory, carried in an ordinary signed commit after its catalogue
/// operations (`ops`), so it travels over the same pull protocol, relays included.
///
/// - `member`: a coordinator puts a member entry (last-writer-wins per member, by `(hlc, write id)`).
///   Its `key` is the member's first key, valid from the member's commit #1.
/// - `revoke`: a coordinator revokes `member` after its commit #`after`: later commits are refused
///   and its signed requests get 401. Monotone: the smallest `after` held wins.
/// - `rotate`: a member, in its own public stream and signed by its current key, announces its
///   next key, valid from the commit after the one carrying the rotation.
public enum DirectoryOperation: Sendable, Hashable {
    case member(Member)
    case revoke(member: MemberID, after: Int64)
    case rotate(key: MemberPublicKey)

    /// Most bytes of a member's name, languages listed and endpoint bytes in one entry.
    public static let maxNameBytes = 400
    public static let maxLanguages = 32
    public static let maxEndpointBytes = 2048
    /// The operation names this type reads (`op` in the commit bytes).
    public static let names: Set<String> = ["member", "revoke", "rotate"]

    /// The operation's name in commit bytes.
    public var name: String {
        switch self {
        case .member: "member"
        case .revoke: "revoke"
        case .rotate: "rotate"
        }
    }

    /// Whether only a coordinator may sign it (`member`, `revoke`); a rotation is signed by the member itself.
    public var needsCoordinator: Bool {
        if case .rotate = self { false } else { true }
    }

    /// Writes the operation's canonical JSON, keys in byte order.
    func write(into writer: inout CanonicalWriter) {
        writer.beginObject()
        switch self {
        case .member(let member):
            writer.key("country"); writer.string(member.country.rawValue)
            if let endpoint = member.endpoint { writer.key("endpoint"); writer.string(endpoint.absoluteString) }
            writer.key("id"); writer.string(member.id.rawValue)
            writer.key("key"); writer.string(member.publicKey.base64)
            writer.key("languages")
            writer.beginArray()
            for language in member.languages { writer.string(language.rawValue) }
            writer.endArray()
            writer.key("name"); writer.string(member.name)
            writer.key("op"); writer.string("member")
            writer.key("role"); writer.string(member.role.rawValue)
        case .revoke(let member, let after):
            writer.key("after"); writer.int(after)
            writer.key("member"); writer.string(member.rawValue)
            writer.key("op"); writer.string("revoke")
        case .rotate(let key):
            writer.key("key"); writer.string(key.base64)
            writer.key("op"); writer.string("rotate")
        }
        writer.endObject()
    }

    /// The operation as a JSON value (its canonical bytes equal ``canonicalBytes``).
    var json: JSONValue {
        switch self {
        case .member(let member):
            var object: [String: JSONValue] = [
                "op": .string("member"), "id": .string(member.id.rawValue), "name": .string(member.name),
                "country": .string(member.country.rawValue), "key": .string(member.publicKey.base64),
                "languages": .array(member.languages.map { .string($0.rawValue) }), "role": .string(member.role.rawValue),
            ]
            if let endpoint = member.endpoint { object["endpoint"] = .string(endpoint.absoluteString) }
            return .object(object)
        case .revoke(let member, let after):
            return .object(["op": .string("revoke"), "member": .string(member.rawValue), "after": .int(after)])
        case .rotate(let key): return .object(["op": .string("rotate"), "key": .string(key.base64)])
        }
    }

    /// The operation's canonical bytes (one JSON object).
    public var canonicalBytes: [UInt8] {
        var writer = CanonicalWriter(capacity: 256)
        write(into: &writer)
        return writer.bytes
    }

    /// Reads one directory operation from its JSON object.
    /// - Throws: ``CommitDecoder/OperationFailure`` naming the key at fault.
    static func decode(_ object: [String: JSONValue], name: String) throws(CommitDecoder.OperationFailure) -> DirectoryOperation {
        func string(_ key: String) throws(CommitDecoder.OperationFailure) -> String {
            guard let text = object[key]?.stringValue else { throw .init(reason: "\(key) must be a string") }
            return text
        }
        func allow(_ keys: Set<String>) throws(CommitDecoder.OperationFailure) {
            if let unknown = object.keys.first(where: { !keys.union(["op"]).contains($0) }) {
                throw .init(reason: "unknown key \"\(unknown)\" in \(name)")
            }
        }
        func key() throws(CommitDecoder.OperationFailure) -> MemberPublicKey {
            guard let key = MemberPublicKey(base64: try string("key")) else {
                throw .init(reason: "key must be the base64 of a 32-byte Ed25519 public key")
            }
            return key
        }
        func memberID(_ field: String) throws(CommitDecoder.OperationFailure) -> MemberID {
            guard let id = MemberID(try string(field)) else { throw .init(reason: "\(field) is not a member id") }
            return id
        }
        switch name {
        case "member":
            try allow(["country", "endpoint", "id", "key", "languages", "name", "role"])
            let id = try memberID("id")
            let name = try string("name")
            guard !name.isEmpty, name.utf8.count <= maxNameBytes else { throw .init(reason: "name must be 1 to \(maxNameBytes) bytes") }
            guard let country = CountryCode(try string("country")) else {
                throw .init(reason: "country must be an ISO 3166-1 alpha-2 code")
            }
            guard let values = object["languages"]?.arrayValue, values.count <= maxLanguages else {
                throw .init(reason: "languages must be a list of at most \(maxLanguages) language tags")
            }
            var languages: [LanguageTag] = []
            for value in values {
                guard let tag = value.stringValue.flatMap(LanguageTag.init) else { throw .init(reason: "languages holds an invalid tag") }
                languages.append(tag)
            }
            var endpoint: URL?
            if object["endpoint"] != nil {
                let text = try string("endpoint")
                guard text.utf8.count <= maxEndpointBytes, let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""),
                    url.host != nil, url.absoluteString == text
                else { throw .init(reason: "endpoint must be an http or https URL of at most \(maxEndpointBytes) bytes") }
                endpoint = url
            }
            guard let role = MemberRole(rawValue: try string("role")) else { throw .init(reason: "role must be member or coordinator") }
            return .member(
                Member(id: id, name: name, country: country, languages: languages, endpoint: endpoint, publicKey: try key(), role: role))
        case "revoke":
            try allow(["after", "member"])
            guard let after = object["after"]?.intValue, after >= 0 else {
                throw .init(reason: "after must be the last accepted sequence number (0 or more)")
            }
            return .revoke(member: try memberID("member"), after: after)
        case "rotate":
            try allow(["key"])
            return .rotate(key: try key())
        default:
            throw .init(reason: "unknown directory operation \"\(name)\"")
        }
    }
}

extension DirectoryOperation {
    /// Reads an operation back from its canonical bytes (as stored); `nil` when they are not one.
    public static func decode(bytes: [UInt8]) -> DirectoryOperation? {
        guard let object = try? JSONParser.parse(bytes).objectValue, let name = object["op"]?.stringValue,
            let operation = try? decode(object, name: name), operation.canonicalBytes == bytes
        else { return nil }
        return operation
    }
}
