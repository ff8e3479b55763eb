import MosaicConfig
import MosaicCore
import MosaicStore

/// The sync map of the federation as this node sees it: every member node of the directory, how
/// many commits it lacks compared with this node's version vector (per origin and in all), when it
/// was last seen pulling and the versions it announced. Built from `sync_caller` (``SyncCallers``):
/// pulls this node served, and what its callers reported of their own callers.
///
/// JSON (`GET /api/v1/network`): `{"member": id, "vector": {origin: seq}, "nodes": [Node]}`.
struct NetworkMap: Codable, Sendable {
    /// How this node knows of a member node.
    enum Seen: String, Codable, Sendable {
        /// It pulled from this node.
        case direct
        /// A node that pulled from this one reported it (`reported_by`).
        case reported
        /// Never seen pulling, here or by any reporting caller.
        case never
    }

    /// One member node.
    struct Node: Codable, Sendable {
        let member: String
        let name: String
        let seen: Seen
        /// The caller that reported it, when `seen` is `reported`.
        let reportedBy: String?
        /// RFC 3339 UTC, `null` when never seen.
        let lastPull: String?
        let protocolVersion: String?
        let softwareVersion: String?
        /// Commits this node holds that it lacked, summed over origins; `null` when never seen.
        let lag: Int64?
        /// The same per origin of this node's vector (0 included); empty when never seen.
        let lagByOrigin: [String: Int64]
        /// Whether it lacks anything this node holds.
        let behind: Bool

        enum CodingKeys: String, CodingKey {
            case member, name, seen, reportedBy = "reported_by", lastPull = "last_pull", protocolVersion = "protocol_version"
            case softwareVersion = "software_version", lag, lagByOrigin = "lag_by_origin", behind
        }

        /// Absent values are written as `null`.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(member, forKey: .member)
            try container.encode(name, forKey: .name)
            try container.encode(seen, forKey: .seen)
            try container.encode(reportedBy, forKey: .reportedBy)
            try container.encode(lastPull, forKey: .lastPull)
            try container.encode(protocolVersion, forKey: .protocolVersion)
            try container.encode(softwareVersion, forKey: .softwareVersion)
            try container.encode(lag, forKey: .lag)
            try container.encode(lagByOrigin, forKey: .lagByOrigin)
            try container.encode(behind, forKey: .behind)
        }
    }

    let member: String
    let vector: [String: Int64]
    let nodes: [Node]

    /// The map of `catalogue`'s node: every member of `directory` but this node, by member id.
    /// - Throws: the SQLite error when the database cannot be read.
    static func build(directory: MemberDirectory, catalogue: NodeCatalogue) async throws -> NetworkMap {
        let held = try await catalogue.vector()
        let sightings = Dictionary(uniqueKeysWithValues: try await SyncCallers(store: catalogue.store).all().map { ($0.member, $0) })
        // A revoked member's node is no longer part of the network (its pulls get 401): not on the map.
        let nodes = directory.members.filter { $0.id != catalogue.member && !directory.isRevoked($0.id) }.sorted { $0.id < $1.id }.map {
            member -> Node in
            guard let sighting = sightings[member.id] else {
                return Node(
                    member: member.id.rawValue, name: member.name, seen: .never, reportedBy: nil, lastPull: nil, protocolVersion: nil,
                    softwareVersion: nil, lag: nil, lagByOrigin: [:], behind: false)
            }
            let lagByOrigin = Dictionary(
                uniqueKeysWithValues: held.entries.map { ($0.key.rawValue, max(0, $0.value - sighting.vector[$0.key])) })
            let lag = sighting.vector.missing(from: held)
            return Node(
                member: member.id.rawValue, name: member.name, seen: sighting.reportedBy == nil ? .direct : .reported,
                reportedBy: sighting.reportedBy?.rawValue, lastPull: Moment.rfc3339(sighting.pulledAt),
                protocolVersion: sighting.protocolVersion, softwareVersion: sighting.software, lag: lag, lagByOrigin: lagByOrigin,
                behind: lag > 0)
        }
        return NetworkMap(
            member: catalogue.member.rawValue, vector: Dictionary(uniqueKeysWithValues: held.entries.map { ($0.key.rawValue, $0.value) }),
            nodes: nodes)
    }
}
