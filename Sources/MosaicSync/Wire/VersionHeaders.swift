import Foundation
import MosaicCore

/// The versions a node announces in every sync request and answer, as two HTTP header fields
/// (`docs/PROTOCOL.md` §12): `Mosaic-Protocol: 1.0` and `Mosaic-Software: 0.2.0`.
///
/// Header fields, not body keys, so that the signed bodies and the test vectors stay as they were,
/// and a node of an earlier version (which ignores unknown header fields) still answers. They are not
/// covered by the request signature: they are what a peer says it runs, shown in peer health, and
/// used to refuse an incompatible major version early with a clear message.
public struct PeerVersion: Sendable, Hashable {
    /// The header field carrying the protocol version, `major.minor`.
    public static let protocolHeader = "Mosaic-Protocol"
    /// The header field carrying the software version (`MosaicVersion.current`).
    public static let softwareHeader = "Mosaic-Software"
    /// The failure kind of a peer of another major protocol version (peer health, metrics).
    public static let incompatibleKind = "incompatible-version"
    /// Longest software version kept: what a peer sends is shown to operators.
    public static let maxSoftwareBytes = 32

    /// The protocol version the peer speaks; `nil` for a node older than the header (protocol 1.0).
    public let protocolVersion: ProtocolVersion?
    /// The peer's software version, `nil` when not announced.
    public let software: String?

    public init(protocolVersion: ProtocolVersion?, software: String?) {
        self.protocolVersion = protocolVersion
        self.software = software
    }

    /// This node's own announcement.
    public static func this(_ known: KnownOperations) -> PeerVersion {
        PeerVersion(protocolVersion: known.version, software: MosaicVersion.current)
    }

    /// The header fields to send.
    public var headers: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        if let protocolVersion { fields.append((name: Self.protocolHeader, value: protocolVersion.description)) }
        if let software { fields.append((name: Self.softwareHeader, value: software)) }
        return fields
    }

    /// Reads the two fields with `field` (a case-insensitive header lookup). An unreadable protocol
    /// version counts as absent; a software version is kept only when it is 1 to 32 bytes of
    /// letters, digits, `.`, `-` and `+` (it is shown on pages and in the CLI).
    public init(field: (String) -> String?) {
        protocolVersion = field(Self.protocolHeader).flatMap { ProtocolVersion($0.trimmingCharacters(in: .whitespaces)) }
        software = field(Self.softwareHeader).map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { text in
            let allowed = text.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2E || byte == 0x2D
                    || byte == 0x2B
            }
            return (1...Self.maxSoftwareBytes).contains(text.utf8.count) && allowed ? text : nil
        }
    }

    /// The protocol version to judge compatibility by: a peer that announces none is of protocol 1.0.
    public var effectiveProtocol: ProtocolVersion { protocolVersion ?? ProtocolVersion(major: 1, minor: 0) }

    /// Why this node (speaking `known`) refuses a request that announces these versions, or `nil` when it
    /// is of the same major (or announces none, as nodes older than the header field).
    public func refusal(by known: KnownOperations) -> String? {
        guard let protocolVersion, !known.version.isCompatible(with: protocolVersion) else { return nil }
        return known.version.incompatibility(with: protocolVersion, subject: "the caller")
    }

    /// `protocol 1.0, Mosaic 0.2.0`, or what is known of it.
    public var summary: String {
        "protocol \(protocolVersion?.description ?? "unknown"), Mosaic \(software ?? "unknown")"
    }
}
