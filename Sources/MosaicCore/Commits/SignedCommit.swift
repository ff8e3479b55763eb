import Foundation

/// A commit's exact bytes and its origin's Ed25519 signature over them. Relays forward
/// both unchanged; nobody re-encodes a commit someone else signed.
public struct SignedCommit: Sendable, Hashable {
    /// The canonical commit bytes.
    public let bytes: [UInt8]
    /// Ed25519 signature over ``signingInput(for:)`` of `bytes`.
    public let signature: Data

    public init(bytes: [UInt8], signature: Data) {
        self.bytes = bytes
        self.signature = signature
    }

    /// Encodes and signs `commit` with `key`.
    public init(signing commit: Commit, with key: MemberSigningKey) {
        bytes = commit.canonicalBytes
        signature = key.signature(for: Self.signingInput(for: bytes))
    }

    /// What is signed: a domain prefix (so a commit signature can never pass for a request
    /// signature) followed by the commit bytes.
    public static func signingInput(for bytes: [UInt8]) -> Data {
        var data = Data("mosaic-commit-v1\n".utf8)
        data.append(contentsOf: bytes)
        return data
    }

    /// Decodes the commit and checks its signature against the origin's key for that sequence
    /// number in `directory` (a rotated key signs only the commits before its rotation), that
    /// the origin was not revoked before it, and that only a coordinator changes the directory.
    /// - Parameter known: the node's protocol version and operation kinds (see ``CommitDecoder/decode(_:knowing:)``).
    /// - Throws: ``CommitError``: malformed, not canonical, unknown origin, bad signature, another
    ///   major version, revoked, not a coordinator.
    public func verified(by directory: MemberDirectory, knowing known: KnownOperations = .current) throws(CommitError) -> Commit {
        let commit = try CommitDecoder.decode(bytes, knowing: known)
        guard let key = directory.key(of: commit.origin, seq: commit.seq) else { throw .unknownOrigin(commit.origin.rawValue) }
        // Past the revocation point nothing is stored, whatever key signed it: refused as revoked (the
        // page goes on), not as forged (the page refused), since a rotation signed after the point never
        // counts and a relay may hold such commits from before the revocation (found by the simulator).
        if let after = directory.revokedAfter[commit.origin], commit.seq > after {
            throw .revoked(origin: commit.origin.rawValue, seq: commit.seq, after: after)
        }
        guard key.verifies(signature, over: Self.signingInput(for: bytes)) else {
            throw .badSignature(origin: commit.origin.rawValue, seq: commit.seq)
        }
        if let operation = commit.directory.first(where: \.needsCoordinator), directory[commit.origin]?.role != .coordinator {
            throw .notCoordinator(origin: commit.origin.rawValue, seq: commit.seq, operation: operation.name)
        }
        return commit
    }

    /// The wire and bundle form: `{"commit": "<the commit's JSON text>", "signature": base64}`.
    /// The commit travels as a JSON string holding its exact UTF-8 bytes, so it stays readable
    /// and its bytes come back unchanged.
    public var json: JSONValue {
        .object(["commit": .string(String(decoding: bytes, as: UTF8.self)), "signature": .string(signature.base64EncodedString())])
    }

    /// Reads the wire form; `nil` when it is not a commit string and a 64-byte base64 signature.
    public init?(json: JSONValue) {
        guard let object = json.objectValue, object.count == 2, let commit = object["commit"]?.stringValue,
            let signature = object["signature"]?.stringValue, let signatureBytes = Data(base64Encoded: signature),
            signatureBytes.count == 64
        else { return nil }
        self.init(bytes: Array(commit.utf8), signature: signatureBytes)
    }
}
