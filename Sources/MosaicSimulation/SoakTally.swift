import Foundation

/// Totals over many schedules: how many passed, which seeds failed, and what the network did.
/// Tallies of disjoint seed ranges add up (`+`) to the tally of their union, so a soak split over
/// worker processes reports the same totals as one process (the JSON form carries them across).
public struct SoakTally: Sendable, Hashable, Codable {
    /// A seed whose schedule broke an invariant or threw, with its first problem.
    public struct Failure: Sendable, Hashable, Codable {
        public var seed: UInt64
        public var problem: String
    }

    public private(set) var schedules = 0
    /// Seeds whose schedule broke an invariant or threw, with the first problem, in the order they ended.
    public private(set) var failures: [Failure] = []
    /// Schedules whose nodes ended with different vectors or digests.
    public private(set) var divergent = 0
    /// Acknowledged writes found lost, over all schedules.
    public private(set) var lostWrites = 0
    public private(set) var acknowledged = 0
    public private(set) var traffic = Traffic()
    public private(set) var roundsToConverge = 0
    public private(set) var maxRoundsToConverge = 0
    public private(set) var withConflict = 0
    public private(set) var withProposal = 0
    public private(set) var nodes = 0
    public private(set) var directory = DirectoryCounts()

    public init() {}

    public mutating func add(_ outcome: ScheduleOutcome) {
        schedules += 1
        nodes += outcome.nodes
        directory = directory + outcome.directory
        acknowledged += outcome.acknowledged
        traffic = traffic + outcome.faultyTraffic + outcome.healTraffic
        roundsToConverge += outcome.roundsToConverge ?? 0
        maxRoundsToConverge = max(maxRoundsToConverge, outcome.roundsToConverge ?? 0)
        if outcome.sawConflict { withConflict += 1 }
        if outcome.sawProposal { withProposal += 1 }
        lostWrites += outcome.lostWrites.count
        if !outcome.divergence.isEmpty { divergent += 1 }
        if let first = outcome.problems.first { failures.append(Failure(seed: outcome.seed, problem: first)) }
    }

    /// A schedule that threw instead of finishing.
    public mutating func add(seed: UInt64, error: any Error) {
        schedules += 1
        failures.append(Failure(seed: seed, problem: "seed \(seed): threw \(error)"))
    }

    /// The tally of both runs: counts add, the maximum of rounds is kept, failures are listed `lhs` first.
    public static func + (lhs: SoakTally, rhs: SoakTally) -> SoakTally {
        var sum = lhs
        sum.schedules += rhs.schedules
        sum.failures += rhs.failures
        sum.divergent += rhs.divergent
        sum.lostWrites += rhs.lostWrites
        sum.acknowledged += rhs.acknowledged
        sum.traffic = sum.traffic + rhs.traffic
        sum.roundsToConverge += rhs.roundsToConverge
        sum.maxRoundsToConverge = max(sum.maxRoundsToConverge, rhs.maxRoundsToConverge)
        sum.withConflict += rhs.withConflict
        sum.withProposal += rhs.withProposal
        sum.nodes += rhs.nodes
        sum.directory = sum.directory + rhs.directory
        return sum
    }

    /// The summary lines `mosaic-sim` prints.
    public var report: [String] {
        let n = max(schedules, 1)
        return [
            "schedules: \(schedules), failed: \(failures.count), divergent: \(divergent), lost acknowledged writes: \(lostWrites)",
            "acknowledged changes: \(acknowledged), nodes simulated: \(nodes), with conflicts: \(withConflict), with proposals: \(withProposal)",
            "rounds to converge after the heal: mean \(String(format: "%.2f", Double(roundsToConverge) / Double(n))), max \(maxRoundsToConverge)",
            "network: \(traffic.requests) requests, \(traffic.failedPulls) lost, \(traffic.pages) pages, "
                + "\(traffic.commitsDelivered) commits delivered (\(traffic.commitsApplied) new, \(traffic.duplicateCommits) sent again), "
                + "\(traffic.bytes) bytes",
            "faults survived: \(traffic.refusedGap) pages refused for a gap, \(traffic.refusedClock) refused for the clock bound, "
                + "\(traffic.duplicatedPages) answers replayed, \(traffic.reorderedInboxes) pages served out of order",
            "directory: \(directory.commits) directory commits (\(directory.entryChanges) entries changed, "
                + "\(directory.concurrentPublishes) concurrent publishes, \(directory.rotations) keys rotated, "
                + "\(directory.revocations) members revoked), \(traffic.directoryCommitsDelivered) delivered; "
                + "\(directory.refusedAsExpected) writes refused as expected (signed after a revocation), "
                + "\(directory.hiddenWithRefusedRecords) operations of others hidden with a refused record, "
                + "\(traffic.revokedRequests) requests of revoked members refused",
        ]
    }
}
