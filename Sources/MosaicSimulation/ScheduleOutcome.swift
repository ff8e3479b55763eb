/// What one seeded schedule did and whether the invariants held at its end.
public struct ScheduleOutcome: Sendable {
    public let seed: UInt64
    public let nodes: Int
    public let topology: Topology
    /// Rounds after the heal until every node had one vector and one digest (nil when they never did).
    public let roundsToConverge: Int?
    /// Traffic during the faulty phase.
    public let faultyTraffic: Traffic
    /// Traffic from the heal to convergence (the final quiet round included).
    public let healTraffic: Traffic
    /// Changes committed (acknowledged to the person who made them).
    public let acknowledged: Int
    /// Public commits made, and their commit and signature bytes.
    public let publicCommits: Int
    public let publicCommitBytes: Int
    /// Changes that did not apply to the current state (an `AuthoringError`), as a person would be told.
    public let refusedChanges: Int
    public let records: Int
    public let sawConflict: Bool
    public let sawProposal: Bool
    /// The directory changes made and the refused commits they caused.
    public let directory: DirectoryCounts
    /// Nodes that ended apart: no convergence, different digests, or traffic after convergence.
    public let divergence: [String]
    /// Acknowledged writes missing or silently lost.
    public let lostWrites: [String]
    /// Other broken invariants during the run: a refused or repeated page that changed a node, an unexpected refusal.
    public let networkProblems: [String]

    /// Every problem, each naming the seed; empty when the schedule passed.
    public var problems: [String] { (divergence + lostWrites + networkProblems).map { "seed \(seed): \($0)" } }

    /// Whether every node converged and nothing was lost.
    public var passed: Bool { problems.isEmpty }
}
