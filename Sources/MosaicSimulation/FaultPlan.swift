/// Which faults the network injects while members edit, and how often. After the faulty
/// phase the harness heals everything and the network delivers every message in order.
public struct FaultPlan: Sendable, Hashable {
    /// Chance that a pull request or its response is lost (the pull fails there).
    public var drop: Double
    /// Chance, per pull, that the link's previous answer is replayed instead of a fresh page.
    public var duplicate: Double
    /// Chance, per pull, that the page after the one asked for is served (a later page overtaking an earlier one).
    public var reorder: Double
    /// Chance, per round, that the federation splits in two groups that cannot reach each other.
    public var partition: Double
    /// Largest offset of a node's clock from true time, in milliseconds (each node draws its own, ±).
    public var maxSkewMillis: Int64

    public init(drop: Double, duplicate: Double, reorder: Double, partition: Double, maxSkewMillis: Int64) {
        self.drop = drop
        self.duplicate = duplicate
        self.reorder = reorder
        self.partition = partition
        self.maxSkewMillis = maxSkewMillis
    }

    /// A reliable network with exact clocks.
    public static let none = FaultPlan(drop: 0, duplicate: 0, reorder: 0, partition: 0, maxSkewMillis: 0)

    /// Every fault the issue names: drops, duplicates, reordering, healing partitions, clocks off by up to ±288 s.
    public static let all = FaultPlan(drop: 0.1, duplicate: 0.1, reorder: 0.2, partition: 0.15, maxSkewMillis: 288_000)
}
