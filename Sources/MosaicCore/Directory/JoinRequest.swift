import Foundation

/// A join request (issue 15): the directory entry a new member asks a coordinator to publish,
/// signed by the entry's own key as proof of possession. It is the JSON object
/// `{"entry":<member operation>,"format":"mosaic-join-request-1","signature":"<base64>"}`, where
/// `entry` is the `member` directory operation of PROTOCOL.md §14.1 and `signature` the 64-byte
/// Ed25519 signature (RFC 8032) over the canonical JSON bytes of the object without `signature`
/// (`{"entry":…,"format":"mosaic-join-request-1"}`; the format string keeps the signature from
/// being valid as anything else). `mosaic init` writes one; `mosaic members add` reads it.
public struct JoinRequest: Sendable, Hashable {
    /// The `format` value of this version.
    public static let format = "mosaic-join-request-1"
    /// The largest request file read, in bytes (an entry is at most about 3 KB).
    public static let maxBytes = 16 * 1024

    /// The member entry asked for (role `member`).
    public let member: Member
    /// The Ed25519 signature of ``signedBytes`` by ``member``'s key.
    public let signature: Data

    /// Signs `member`'s entry with `key`, which must be the entry's key.
    public init(signing member: Member, with key: MemberSigningKey) {
        precondition(key.publicKey == member.publicKey, "a join request is signed by the key it announces")
        self.member = member
        self.signature = key.signature(for: Data(Self.signedBytes(member)))
    }

    /// The bytes the signature covers: canonical JSON of `{"entry":…,"format":…}`.
    public static func signedBytes(_ member: Member) -> [UInt8] {
        JSONValue.object(["entry": DirectoryOperation.member(member).json, "format": .string(format)]).canonicalBytes
    }

    /// The request file's bytes: canonical JSON.
    public var bytes: [UInt8] {
        JSONValue.object([
            "entry": DirectoryOperation.member(member).json, "format": .string(Self.format),
            "signature": .string(signature.base64EncodedString()),
        ]).canonicalBytes
    }

    /// Reads a request and checks its proof of possession.
    /// - Throws: ``JoinRequestError`` saying what is wrong and how to fix it: too large, not JSON,
    ///   a missing or unknown key, another format, an entry that is not a valid member entry or asks
    ///   for the coordinator role, a signature that is not base64 of 64 bytes or does not verify.
    public static func decode(_ bytes: [UInt8]) throws(JoinRequestError) -> JoinRequest {
        guard bytes.count <= maxBytes else {
            throw JoinRequestError("it is \(bytes.count) bytes, more than the \(maxBytes) a join request can be: it is not one")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw JoinRequestError("it is not JSON (\(error.description))") }
        guard let object = value.objectValue else { throw JoinRequestError("it is not a JSON object") }
        let unknown = Set(object.keys).subtracting(["entry", "format", "signature"])
        guard unknown.isEmpty else { throw JoinRequestError("unknown key(s) \(unknown.sorted().joined(separator: ", "))") }
        guard object["format"]?.stringValue == format else {
            throw JoinRequestError("format must be \"\(format)\" (written by `mosaic init` of this version)")
        }
        guard let entry = object["entry"]?.objectValue, entry["op"]?.stringValue == "member" else {
            throw JoinRequestError("entry must be a member entry ({\"op\":\"member\",…})")
        }
        let operation: DirectoryOperation
        do { operation = try DirectoryOperation.decode(entry, name: "member") } catch {
            throw JoinRequestError("the entry is not valid: \(error.reason)")
        }
        guard case .member(let member) = operation else { throw JoinRequestError("entry must be a member entry") }
        guard member.role == .member else {
            throw JoinRequestError("the entry asks for the role \(member.role.rawValue): a new member joins with the role member")
        }
        guard let text = object["signature"]?.stringValue, let signature = Data(base64Encoded: text), signature.count == 64 else {
            throw JoinRequestError("signature must be the base64 of a 64-byte Ed25519 signature")
        }
        guard member.publicKey.verifies(signature, over: Data(signedBytes(member))) else {
            throw JoinRequestError(
                "the signature does not match the entry: the request was changed after `mosaic init` signed it, or signed with "
                    + "another key. Ask \(member.id) to send the request file `mosaic init` wrote, unchanged")
        }
        return JoinRequest(member: member, signature: signature)
    }

    private init(member: Member, signature: Data) {
        self.member = member
        self.signature = signature
    }
}

/// Why a join request was refused; ``description`` says what is wrong and how to fix it.
public struct JoinRequestError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
