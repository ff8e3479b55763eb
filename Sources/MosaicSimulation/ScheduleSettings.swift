import MosaicCore

/// The shape of the seeded schedules: how many nodes, which topologies, which faults, how much editing.
public struct ScheduleSettings: Sendable, Hashable {
    /// Nodes per federation, drawn per schedule.
    public var nodes: ClosedRange<Int>
    /// Topologies, one drawn per schedule.
    public var topologies: [Topology]
    public var faults: FaultPlan
    /// Rounds during which members edit and faults happen, before the heal.
    public var faultyRounds: ClosedRange<Int>
    /// Changes attempted per faulty round, across the federation.
    public var editsPerRound: ClosedRange<Int>
    /// Commits per page, drawn per schedule (small pages exercise paging).
    public var pageSize: ClosedRange<Int>
    /// Chance, per faulty round, that the coordinator and a record's owner edit one field at once.
    public var contestedEdits: Double
    /// Seconds between rounds (the pull interval).
    public var intervalSeconds: Int64
    /// Check every refused or repeated page left the node unchanged.
    public var checkRefusals: Bool
    /// Chance, per faulty round, of a directory change (an entry changed, a key rotated, a member
    /// revoked, two coordinators publishing at once); 0 leaves the schedules as they were without them.
    public var directoryChanges: Double
    /// Chance that a federation has two coordinators (nodes 0 and 1), when directory changes are on.
    public var secondCoordinator: Double

    public init(
        nodes: ClosedRange<Int>, topologies: [Topology], faults: FaultPlan, faultyRounds: ClosedRange<Int>,
        editsPerRound: ClosedRange<Int>, pageSize: ClosedRange<Int>, contestedEdits: Double = 0.5, intervalSeconds: Int64 = 60,
        checkRefusals: Bool = true, directoryChanges: Double = 0.15, secondCoordinator: Double = 0.4
    ) {
        self.nodes = nodes
        self.topologies = topologies
        self.faults = faults
        self.faultyRounds = faultyRounds
        self.editsPerRound = editsPerRound
        self.pageSize = pageSize
        self.contestedEdits = contestedEdits
        self.intervalSeconds = intervalSeconds
        self.checkRefusals = checkRefusals
        self.directoryChanges = directoryChanges
        self.secondCoordinator = secondCoordinator
    }

    /// The schedules `make test` and `make soak` run: 3–8 nodes, every topology (1–3 random
    /// peers), every fault, a few rounds of edits, pages of 1–8 commits, now and then a directory change.
    public static let fast = ScheduleSettings(
        nodes: 3...8, topologies: [.fullMesh, .randomPeers(k: 1), .randomPeers(k: 2), .randomPeers(k: 3), .chain, .ring, .star],
        faults: .all, faultyRounds: 2...5, editsPerRound: 1...5, pageSize: 1...8)
}
