/// The version of the Mosaic sync protocol, `major.minor` (`docs/PROTOCOL.md` §12).
///
/// A minor version only adds: new operation kinds, new operation keys, new catalogue fields. A node
/// of an older minor stores and relays what it does not understand byte for byte and leaves it out
/// of its view. A major version changes what existing bytes mean; nodes of different majors refuse
/// each other, naming both versions.
public struct ProtocolVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Incompatible changes: commits and sync messages of another major are refused.
    public let major: Int64
    /// Additive changes within one major.
    public let minor: Int64

    /// The protocol this build speaks: `1.0`.
    public static let current = ProtocolVersion(major: 1, minor: 0)

    public init(major: Int64, minor: Int64) {
        self.major = major
        self.minor = minor
    }

    /// Reads `"1.0"`: two decimal numbers of at most 9 digits each, without sign or leading zeros; `nil` otherwise.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.utf8.count <= 19, parts.count == 2, let major = Self.number(parts[0]), let minor = Self.number(parts[1]) else {
            return nil
        }
        self.init(major: major, minor: minor)
    }

    private static func number(_ text: some StringProtocol) -> Int64? {
        guard (1...9).contains(text.utf8.count), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
            text == "0" || text.utf8.first != 0x30
        else { return nil }
        return Int64(text)
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (lhs: ProtocolVersion, rhs: ProtocolVersion) -> Bool { (lhs.major, lhs.minor) < (rhs.major, rhs.minor) }

    /// Whether this node (speaking `self`) can exchange commits with a peer speaking `other`: same major.
    public func isCompatible(with other: ProtocolVersion) -> Bool { major == other.major }

    /// The message for a peer or commit of another major: names both versions and who should upgrade.
    /// - Parameter subject: who speaks `other` (`peer 'ecpat-be'`, `commit ecpat-be#12`).
    public func incompatibility(with other: ProtocolVersion, subject: String) -> String {
        let upgrade =
            other.major > major
            ? "upgrade this node to a Mosaic that speaks protocol \(other.major).x"
            : "that node must upgrade to a Mosaic that speaks protocol \(major).x"
        return "\(subject) speaks Mosaic protocol \(other.major).x; this node speaks \(major).x: \(upgrade); nothing was exchanged"
    }
}
