import Crypto
import Foundation

/// The demo network's keys, derived from a public seed so that the demo can create
/// the private keys matching the public keys committed in `Members/`.
///
/// Anyone can derive them, so they protect nothing: a node that is not a demo node
/// must refuse to run with one (see ``isDemoKey(_:)``).
public enum DemoKeys {
    /// The signing key of `member` in the demo network.
    public static func signingKey(for member: MemberID) -> MemberSigningKey {
        let seed = Data(SHA256.hash(data: Data("mosaic-demo-key-v1:\(member.rawValue)".utf8)))
        // A SHA-256 digest is always 32 bytes, a valid Ed25519 seed.
        return try! MemberSigningKey(seed: seed)
    }

    /// Whether `key` is the demo key of `member`.
    public static func isDemoKey(_ key: MemberPublicKey, of member: MemberID) -> Bool {
        signingKey(for: member).publicKey == key
    }
}
