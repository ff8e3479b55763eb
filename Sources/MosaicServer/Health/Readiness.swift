import Foundation
import MosaicCore
import MosaicStore

/// Whether a node is ready to serve: its database writable, and how its peers are, as
/// `GET /readyz` answers it. Computed at most once per `cacheMillis` (default 5 s), so that
/// anonymous probes cannot queue work on the database's single writer.
actor Readiness {
    /// The answer of `/readyz`.
    struct Report: Codable, Sendable, Equatable {
        /// `ready` when the database is writable, `not ready` otherwise (peers do not decide it:
        /// a node whose peers are down still serves its catalogue).
        var status: String
        /// Whether this process could take the database's write lock at `checkedAt`.
        var databaseWritable: Bool
        /// Each peer this node pulls from, sorted by id.
        var peers: [Peer]
        /// When the report was made, milliseconds since 1970 (written as an RFC 3339 time).
        var checkedAt: Int64

        private enum CodingKeys: String, CodingKey {
            case status, databaseWritable, peers, checkedAt
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(status, forKey: .status)
            try container.encode(databaseWritable, forKey: .databaseWritable)
            try container.encode(peers, forKey: .peers)
            try container.encode(Moment.rfc3339(checkedAt), forKey: .checkedAt)
        }

        /// One peer, without its error text (which may name addresses): anything public anyway.
        /// Its JSON names are those of `GET /api/v1/peers` and `mosaic status --json`: `member`,
        /// `failures_in_row`, and `last_success` as an RFC 3339 time.
        struct Peer: Codable, Sendable, Equatable {
            var peer: String
            /// `ok` (last round succeeded), `failing` (last rounds failed), or `never` (no round yet).
            var state: String
            var consecutiveFailures: Int
            /// Commits the peer had that this node lacked, at the last pull.
            var lag: Int64
            /// Milliseconds since 1970 of the last successful round, if any.
            var lastSuccess: Int64?

            private enum CodingKeys: String, CodingKey {
                case peer = "member", state, consecutiveFailures = "failures_in_row", lag, lastSuccess = "last_success"
            }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(peer, forKey: .peer)
                try container.encode(state, forKey: .state)
                try container.encode(consecutiveFailures, forKey: .consecutiveFailures)
                try container.encode(lag, forKey: .lag)
                try container.encode(lastSuccess.map(Moment.rfc3339), forKey: .lastSuccess)
            }
        }
    }

    let catalogue: NodeCatalogue
    /// The peers the node pulls from (listed even before their first round).
    let peers: [String]
    let cacheMillis: Int64
    let now: @Sendable () -> Int64
    private var last: Report?

    init(catalogue: NodeCatalogue, peers: [String], cacheMillis: Int64 = 5000, now: @escaping @Sendable () -> Int64) {
        self.catalogue = catalogue
        self.peers = peers
        self.cacheMillis = cacheMillis
        self.now = now
    }

    /// The report, fresh or at most `cacheMillis` old.
    func report() async -> Report {
        let time = now()
        if let last, time - last.checkedAt < cacheMillis, time >= last.checkedAt { return last }
        let writable = (try? await catalogue.store.checkWritable()) != nil
        var states: [String: PeerState] = [:]
        // A revoked member is no peer any more: its last pull state is not a failing peer.
        let directory = catalogue.directory
        for state in (try? await catalogue.peerStates()) ?? [] where !directory.isRevoked(state.peer) {
            states[state.peer.rawValue] = state
        }
        let configured = self.peers.filter { MemberID($0).map { !directory.isRevoked($0) } ?? true }
        let peers = Set(configured).union(states.keys).sorted().map { peer in
            guard let state = states[peer] else { return Report.Peer(peer: peer, state: "never", consecutiveFailures: 0, lag: 0) }
            return Report.Peer(
                peer: peer, state: state.consecutiveFailures > 0 ? "failing" : state.lastSuccess == nil ? "never" : "ok",
                consecutiveFailures: state.consecutiveFailures, lag: state.lag, lastSuccess: state.lastSuccess)
        }
        let report = Report(status: writable ? "ready" : "not ready", databaseWritable: writable, peers: peers, checkedAt: time)
        last = report
        return report
    }
}
