import Crypto
import Foundation

/// A member's Ed25519 private key, the one that signs its commits and sync requests.
///
/// On disk it is a small text file (see ``fileText``): comment lines starting with `#`
/// and one line holding the base64 of the 32-byte seed. It is never committed.
public struct MemberSigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// A fresh random key.
    public init() { key = Curve25519.Signing.PrivateKey() }

    /// The key for a 32-byte seed (RFC 8032 private key).
    public init(seed: Data) throws(KeyFileError) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
            throw .wrongLength(seed.count)
        }
        self.key = key
    }

    /// Parses the text of a key file.
    public init(fileText: String) throws(KeyFileError) {
        let lines = fileText.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard lines.count == 1, let seed = Data(base64Encoded: lines[0]) else { throw .notAKeyFile }
        try self.init(seed: seed)
    }

    /// The public half, as it appears in the member directory.
    public var publicKey: MemberPublicKey {
        MemberPublicKey(rawBytes: key.publicKey.rawRepresentation)!
    }

    /// Signs `message` (Ed25519, deterministic).
    public func signature(for message: Data) -> Data {
        // Curve25519 signing only throws on an invalid key, which init rules out.
        (try? key.signature(for: message)) ?? Data()
    }

    /// The text to write into a key file for `member`.
    public func fileText(for member: MemberID) -> String {
        """
        # Mosaic Ed25519 private key of member \(member). Keep it secret: mode 0600, never commit it.
        # Public key for Members/\(member).yaml: \(publicKey.base64)
        \(key.rawRepresentation.base64EncodedString())

        """
    }
}

/// Why a key file could not be read.
public enum KeyFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAKeyFile
    case wrongLength(Int)

    public var description: String {
        switch self {
        case .notAKeyFile:
            "not a Mosaic key file: expected one line of base64 (the 32-byte Ed25519 seed) and optional '#' comments"
        case .wrongLength(let count):
            "the key holds \(count) bytes; an Ed25519 seed has 32"
        }
    }
}
