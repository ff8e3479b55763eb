/// The identifier of a member organisation: an exact slug `[a-z][a-z0-9-]{1,31}`.
///
/// Member ids are compared byte for byte and never normalised: `Ecpat-be`, `ecpat-be/`
/// or a lookalike with a Cyrillic letter are simply not valid ids.
public struct MemberID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The id exactly as written.
    public let rawValue: String

    /// Creates a member id, or `nil` when `rawValue` is not a valid slug.
    public init?(_ rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Whether `text` is a valid member id: 2 to 32 bytes, a lowercase ASCII letter first,
    /// then lowercase ASCII letters, digits or hyphens.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (2...32).contains(bytes.count), let first = bytes.first, isLowercaseLetter(first) else {
            return false
        }
        return bytes.dropFirst().allSatisfy { isLowercaseLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
    }

    /// The rule in words, for error messages.
    public static let ruleDescription =
        "2 to 32 characters: a lowercase letter a-z first, then lowercase letters, digits or '-'"

    public var description: String { rawValue }

    public static func < (lhs: MemberID, rhs: MemberID) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = MemberID(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a member id (\(Self.ruleDescription))")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    private static func isLowercaseLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
