import MosaicCore

/// Counters of a node's sync activity since it started, for `/metrics`. The durable figures
/// (commits and bytes per peer, lag, failures in a row) live in the database's peer state.
public actor NodeMetrics {
    /// Pull rounds by peer and outcome (`ok` or the failure kind).
    public private(set) var rounds: [String: Int] = [:]
    /// Pull requests this node answered, and the commits and bytes it sent.
    public private(set) var pullsServed = 0
    public private(set) var commitsSent = 0
    public private(set) var bytesSent = 0
    /// Sum and count of page apply times, in seconds.
    public private(set) var applySeconds = 0.0
    public private(set) var applies = 0
    /// Sync requests refused, by HTTP status and reason (`unsigned`, `replayed`, `bad-body`, …).
    public private(set) var refused: [Refusal: Int] = [:]

    /// One kind of refused sync request: its HTTP status and a short reason.
    public struct Refusal: Hashable, Comparable, Sendable {
        public let status: Int
        public let reason: String

        public static func < (lhs: Refusal, rhs: Refusal) -> Bool { (lhs.status, lhs.reason) < (rhs.status, rhs.reason) }
    }

    public init() {}

    func round(peer: MemberID, outcome: String) { rounds["\(peer.rawValue)|\(outcome)", default: 0] += 1 }

    func served(commits: Int, bytes: Int) {
        pullsServed += 1
        commitsSent += commits
        bytesSent += bytes
    }

    func applied(seconds: Double) {
        applySeconds += seconds
        applies += 1
    }

    func refusedRequest(status: Int, reason: String) { refused[Refusal(status: status, reason: reason), default: 0] += 1 }

    /// Records what a pull round did.
    public func record(_ outcome: PullSession.Outcome, peer: MemberID) {
        round(peer: peer, outcome: outcome.failure?.kind ?? "ok")
    }

    /// Records an answered pull.
    public func recordServed(commits: Int, bytes: Int) { served(commits: commits, bytes: bytes) }

    /// Records the time one page took to apply.
    public func recordApply(seconds: Double) { applied(seconds: seconds) }

    /// Records a refused sync request.
    public func recordRefused(status: Int, reason: String) { refusedRequest(status: status, reason: reason) }
}
