import Crypto
import Foundation

/// A record's immutable id: a UUID (version 8) derived from the creating member and a
/// random nonce, so that no other member can create a record under someone else's id.
public struct RecordID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Lower-case UUID text, e.g. `3f2a…-8…`.
    public let rawValue: String

    /// Parses a lower-case UUID string.
    public init?(_ text: String) {
        guard text.utf8.count == 36, let uuid = UUID(uuidString: text), uuid.uuidString.lowercased() == text else { return nil }
        rawValue = text
    }

    /// The id of the record `origin` creates with `nonce`.
    public static func derive(origin: MemberID, nonce: String) -> RecordID {
        var bytes = Array(SHA256.hash(data: Data("mosaic-record-v1:\(origin.rawValue):\(nonce)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 9562 variant
        let uuid = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        return RecordID(uuid.uuidString.lowercased())!
    }

    /// A fresh random nonce for a new record.
    public static func newNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    public var description: String { rawValue }
    public static func < (lhs: RecordID, rhs: RecordID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The two kinds of record in the catalogue.
public enum RecordType: String, Sendable, CaseIterable, Codable, Hashable {
    case practice
    case project
}
