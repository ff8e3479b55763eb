import MosaicConfig
import MosaicStore

/// A peer's health as the API and the members page show it.
struct PeerHealth: Codable, Sendable {
    let member: String
    let endpoint: String
    let healthy: Bool
    let lastAttempt: String?
    let lastSuccess: String?
    let lastError: String?
    let errorKind: String?
    let failuresInRow: Int
    let lag: Int64
    let commitsReceived: Int64
    let bytesReceived: Int64
    /// The protocol (`major.minor`) and software versions the peer last announced, `null` when unknown.
    var protocolVersion: String? = nil
    var softwareVersion: String? = nil

    enum CodingKeys: String, CodingKey {
        case member, endpoint, healthy, lastAttempt = "last_attempt", lastSuccess = "last_success", lastError = "last_error"
        case errorKind = "error_kind", failuresInRow = "failures_in_row", lag, commitsReceived = "commits_received"
        case bytesReceived = "bytes_received"
        case protocolVersion = "protocol_version", softwareVersion = "software_version"
    }

    /// Absent values are written as `null`.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(member, forKey: .member)
        try container.encode(endpoint, forKey: .endpoint)
        try container.encode(healthy, forKey: .healthy)
        try container.encode(lastAttempt, forKey: .lastAttempt)
        try container.encode(lastSuccess, forKey: .lastSuccess)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(errorKind, forKey: .errorKind)
        try container.encode(failuresInRow, forKey: .failuresInRow)
        try container.encode(lag, forKey: .lag)
        try container.encode(commitsReceived, forKey: .commitsReceived)
        try container.encode(bytesReceived, forKey: .bytesReceived)
        try container.encode(protocolVersion, forKey: .protocolVersion)
        try container.encode(softwareVersion, forKey: .softwareVersion)
    }

    /// Every peer the effective directory names now, with what the node knows of it (a peer never pulled yet shows as such).
    static func all(_ setup: NodeSetup, _ catalogue: NodeCatalogue) async throws -> [PeerHealth] {
        let states = Dictionary(uniqueKeysWithValues: try await catalogue.peerStates().map { ($0.peer, $0) })
        return setup.peers(in: catalogue.directory).map { peer in
            let state = states[peer.id]
            return PeerHealth(
                member: peer.id.rawValue, endpoint: peer.endpoint?.absoluteString ?? "", healthy: state?.isHealthy ?? false,
                lastAttempt: state?.lastAttempt.map(Moment.rfc3339), lastSuccess: state?.lastSuccess.map(Moment.rfc3339),
                lastError: state?.lastError, errorKind: state?.lastErrorKind, failuresInRow: state?.consecutiveFailures ?? 0,
                lag: state?.lag ?? 0, commitsReceived: state?.commitsReceived ?? 0, bytesReceived: state?.bytesReceived ?? 0,
                protocolVersion: state?.protocolVersion, softwareVersion: state?.softwareVersion)
        }
    }
}
