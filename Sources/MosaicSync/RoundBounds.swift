/// How much one pull round with one peer may take; what is left waits for the next round, so a
/// peer that serves valid pages with `more: true` forever cannot hold a round open.
public struct RoundBounds: Sendable, Hashable {
    /// Most pages (requests) in one round.
    public var maxPages: Int
    /// Most commits applied in one round.
    public var maxCommits: Int
    /// Most time one round may take, on the session's clock; each request's deadline is cut to what is left.
    public var maxDuration: Duration

    /// Defaults: 200 pages, 100,000 commits, 10 minutes (a node catching up 100,000 commits takes one round).
    public init(maxPages: Int = 200, maxCommits: Int = 100_000, maxDuration: Duration = .seconds(600)) {
        self.maxPages = maxPages
        self.maxCommits = maxCommits
        self.maxDuration = maxDuration
    }
}
