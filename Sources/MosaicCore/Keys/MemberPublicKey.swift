import Crypto
import Foundation

/// A member's Ed25519 public key, written in `Members/` as standard base64 of its 32 bytes.
public struct MemberPublicKey: Hashable, Sendable, CustomStringConvertible {
    /// The 32 raw key bytes.
    public let rawBytes: Data

    /// Creates a key from its 32 raw bytes, or `nil` when the length is wrong.
    public init?(rawBytes: Data) {
        guard rawBytes.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: rawBytes)) != nil else {
            return nil
        }
        self.rawBytes = rawBytes
    }

    /// Parses the base64 form; `nil` when it is not base64 of exactly 32 bytes.
    public init?(base64: String) {
        guard let data = Data(base64Encoded: base64) else { return nil }
        self.init(rawBytes: data)
    }

    /// The base64 form written in member files.
    public var base64: String { rawBytes.base64EncodedString() }
    public var description: String { base64 }

    /// Whether `signature` is this key's Ed25519 signature over exactly `message`.
    public func verifies(_ signature: Data, over message: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawBytes) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}
