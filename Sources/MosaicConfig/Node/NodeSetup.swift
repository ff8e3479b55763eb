import Foundation
import MosaicCore

/// Everything a node needs to start, loaded and checked together: its configuration,
/// the member directory and its private key.
public struct NodeSetup: Sendable {
    /// The configuration file, as given.
    public let configFile: String
    /// The decoded configuration.
    public let config: NodeConfig
    /// The network's members.
    public let directory: MemberDirectory
    /// The node member's private key, matching its public key in the directory.
    public let signingKey: MemberSigningKey

    /// Assembles a setup; the caller guarantees that the directory holds `config.member`
    /// (``NodeConfigLoader`` checks it).
    public init(configFile: String, config: NodeConfig, directory: MemberDirectory, signingKey: MemberSigningKey) {
        precondition(directory[config.member] != nil, "the node's member must be in the directory")
        self.configFile = configFile
        self.config = config
        self.directory = directory
        self.signingKey = signingKey
    }

    /// The member this node runs for (the loader checked it is in the directory).
    public var member: Member { directory[config.member]! }

    /// The members this node pulls from: the configured peers, or every other member
    /// with an endpoint.
    public var peers: [Member] { peers(in: directory) }

    /// The members this node pulls from when `directory` is the network's (the node's effective
    /// directory, PROTOCOL.md §14.2): the configured `peers:` it holds, or every other member with an
    /// endpoint; never a revoked member.
    public func peers(in directory: MemberDirectory) -> [Member] {
        let members: [Member]
        if let peers = config.peers {
            members = peers.compactMap { directory[$0] }
        } else {
            members = directory.members.filter { $0.id != config.member && $0.endpoint != nil }
        }
        return members.filter { !directory.isRevoked($0.id) }
    }

    /// The same node pulling from `peers` only (the demo narrows peers to the nodes it starts).
    public func pulling(from peers: [MemberID]) -> NodeSetup {
        var config = self.config
        config.peers = peers.filter { $0 != config.member && directory[$0]?.endpoint != nil }
        return NodeSetup(configFile: configFile, config: config, directory: directory, signingKey: signingKey)
    }

    /// The same node in a network where `moved` members' nodes listen on other loopback ports
    /// (the demo, when its usual ports are taken): their endpoints change, and so does this
    /// node's own listen address when it is one of them.
    public func relocating(_ moved: [MemberID: Int]) -> NodeSetup {
        var config = self.config
        if let port = moved[config.member] { config.listen = ListenAddress(host: config.listen.host, port: port) }
        let members = directory.members.map { member -> Member in
            guard let port = moved[member.id], let endpoint = member.endpoint,
                var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)
            else { return member }
            components.port = port
            var copy = member
            copy.endpoint = components.url ?? endpoint
            return copy
        }
        return NodeSetup(configFile: configFile, config: config, directory: MemberDirectory(members), signingKey: signingKey)
    }

    /// One line for `mosaic config check`.
    public var summary: String {
        let kind = config.demo ? "demo node" : "node"
        return "\(kind) \(config.member) (\(member.name), \(member.country)), \(directory.members.count) members, "
            + "\(peers.count) peers, listening on \(config.listen), sync every \(config.sync.intervalSeconds)s"
    }
}
