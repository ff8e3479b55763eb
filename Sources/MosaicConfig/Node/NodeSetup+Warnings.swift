import Foundation
import MosaicCore

extension NodeSetup {
    /// What `config check` warns about without refusing the configuration: each peer endpoint
    /// (and the node's own) that is plain `http://` to a host that is not loopback, whose traffic
    /// (signed pulls, the catalogue) anyone on the way can read.
    public var warnings: [String] {
        var members = peers
        if !members.contains(where: { $0.id == config.member }) { members.insert(member, at: 0) }
        return members.compactMap { member in
            guard let endpoint = member.endpoint, endpoint.scheme == "http", let host = endpoint.host, !Self.isLoopback(host) else {
                return nil
            }
            return "member '\(member.id)' has the endpoint \(endpoint.absoluteString), plain HTTP to a host that is not loopback: "
                + "anyone on the way can read the catalogue. Serve it over https:// (`tls:` or a TLS reverse proxy, see docs/OPERATIONS.md)."
        }
    }

    /// `localhost`, 127.0.0.0/8 or ::1.
    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare.hasSuffix(".localhost") { return true }
        return AddressRange("127.0.0.0/8")!.contains(bare) || AddressRange("::1")!.contains(bare)
    }
}
