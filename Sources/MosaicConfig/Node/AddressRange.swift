#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IP address or CIDR block (`10.0.0.0/8`, `::1`, `2001:db8::/32`), for `trusted_proxies`.
/// Parsed with the system's `inet_pton` rather than by hand.
public struct AddressRange: Sendable, Hashable, CustomStringConvertible {
    /// The network's bytes: 4 (IPv4) or 16 (IPv6).
    public let bytes: [UInt8]
    /// The prefix length in bits: 0–32 or 0–128.
    public let prefix: Int

    /// Parses `address` or `address/prefix`; `nil` when malformed.
    public init?(_ text: String) {
        guard text.utf8.count <= 64 else { return nil }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let bytes = Self.addressBytes(String(parts[0])) else { return nil }
        let bits = bytes.count * 8
        var prefix = bits
        if parts.count == 2 {
            guard let number = Int(parts[1]), (0...bits).contains(number), parts[1].allSatisfy(\.isNumber) else { return nil }
            prefix = number
        }
        self.bytes = bytes
        self.prefix = prefix
    }

    /// Whether `address` (a textual IPv4 or IPv6 address) lies in this range. An IPv4-mapped IPv6
    /// address (`::ffff:10.0.0.1`) counts as its IPv4 address.
    public func contains(_ address: String) -> Bool {
        guard var candidate = Self.addressBytes(address) else { return false }
        if candidate.count == 16, bytes.count == 4, candidate[0..<10].allSatisfy({ $0 == 0 }), candidate[10] == 0xff, candidate[11] == 0xff
        {
            candidate = Array(candidate[12...])
        }
        guard candidate.count == bytes.count else { return false }
        var left = prefix
        for index in bytes.indices where left > 0 {
            let mask: UInt8 = left >= 8 ? 0xff : ~(0xff >> UInt8(left))
            if candidate[index] & mask != bytes[index] & mask { return false }
            left -= 8
        }
        return true
    }

    public var description: String { "\(Self.text(bytes))/\(prefix)" }

    /// The bytes of a textual IPv4 (4) or IPv6 (16) address, `nil` when `text` is not one.
    public static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    private static func text(_ bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) != nil }
        return ok ? String(cString: buffer) : "?"
    }
}
