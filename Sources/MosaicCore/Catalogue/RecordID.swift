import Crypto
import Foundation

/// A record's immutable id: a UUID (version 8) derived from the creating member and a
/// random nonce, so that no other member can create a record under someone else's id.
public struct RecordID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Lower-case UUID text, e.g. `3f2a…-8…`.
    public let rawValue: String

    /// Parses a lower-case UUID string.
    public init?(_ text: String) {
        // 8-4-4-4-12 lower-case hexadecimal digits, checked on bytes (this runs for every operation received).
        var count = 0
        for (index, byte) in text.utf8.enumerated() {
            count += 1
            let dash = index == 8 || index == 13 || index == 18 || index == 23
            let valid = dash ? byte == UInt8(ascii: "-") : ((0x30...0x39).contains(byte) || (0x61...0x66).contains(byte))
            if !valid || index >= 36 { return nil }
        }
        guard count == 36 else { return nil }
        rawValue = text
    }

    /// Whether `nonce` may make a record id: 8 to 64 printable ASCII characters.
    public static func isValidNonce(_ nonce: String) -> Bool {
        (8...64).contains(nonce.utf8.count) && nonce.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    /// The id of the record `origin` creates with `nonce`.
    public static func derive(origin: MemberID, nonce: String) -> RecordID {
        var bytes = Array(SHA256.hash(data: Data("mosaic-record-v1:\(origin.rawValue):\(nonce)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 9562 variant
        let uuid = UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
        return RecordID(uuid.uuidString.lowercased())!
    }

    /// A fresh random nonce for a new record.
    public static func newNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = String(generator.next() as UInt64, radix: 16), low = String(generator.next() as UInt64, radix: 16)
        return String(repeating: "0", count: 16 - high.count) + high + String(repeating: "0", count: 16 - low.count) + low
    }

    public var description: String { rawValue }
    public static func < (lhs: RecordID, rhs: RecordID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The two kinds of record in the catalogue.
public enum RecordType: String, Sendable, CaseIterable, Codable, Hashable {
    case practice
    case project
}
