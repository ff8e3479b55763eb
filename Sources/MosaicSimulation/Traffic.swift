/// What the simulated network carried and what the nodes did with it.
public struct Traffic: Sendable, Hashable, Codable {
    /// Requests sent: vector reads and pulls (a pull with nothing new included).
    public var requests = 0
    /// Requests that failed: a lost request or response, or a partition.
    public var failedPulls = 0
    /// Pages answered to pulls (replays and lost responses included).
    public var pages = 0
    /// Commits in delivered pages.
    public var commitsDelivered = 0
    /// Commits newly stored by the receiving node (the sessions' count).
    public var commitsApplied = 0
    /// Commits sent again, in replayed answers.
    public var duplicateCommits = 0
    /// Commit and signature bytes sent in responses (lost responses included).
    public var bytes = 0
    /// Pages refused whole because they would leave a gap in an origin's sequence.
    public var refusedGap = 0
    /// Pages refused whole because a commit was dated beyond the receiver's clock bound.
    public var refusedClock = 0
    /// Answers replayed on purpose in place of a fresh page (a page applied twice).
    public var duplicatedPages = 0
    /// Pages served out of order on purpose: the page after the one asked for (a later page overtaking it).
    public var reorderedInboxes = 0
    /// Directory commits (member entries, rotations, revocations) in delivered pages.
    public var directoryCommitsDelivered = 0
    /// Pulls a revoked member asked for and its peers refused (401).
    public var revokedRequests = 0

    public init() {}

    public static func + (lhs: Traffic, rhs: Traffic) -> Traffic {
        var sum = lhs
        sum.requests += rhs.requests
        sum.failedPulls += rhs.failedPulls
        sum.pages += rhs.pages
        sum.commitsDelivered += rhs.commitsDelivered
        sum.commitsApplied += rhs.commitsApplied
        sum.duplicateCommits += rhs.duplicateCommits
        sum.bytes += rhs.bytes
        sum.refusedGap += rhs.refusedGap
        sum.refusedClock += rhs.refusedClock
        sum.duplicatedPages += rhs.duplicatedPages
        sum.reorderedInboxes += rhs.reorderedInboxes
        sum.directoryCommitsDelivered += rhs.directoryCommitsDelivered
        sum.revokedRequests += rhs.revokedRequests
        return sum
    }
}
