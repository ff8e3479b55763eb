import MosaicCore
import MosaicStore

/// One federation figure: every member edits at once, then the federation pulls until one
/// digest; rounds, commits, bytes and wall time against the ideal.
public struct FederationFigure: Sendable {
    public let nodes: Int
    public let topology: Topology
    /// Longest shortest path between two nodes: the rounds news needs at one hop per round (pulls run
    /// one after another in a round, so news moving along the pull order can do better).
    public let diameter: Int
    /// Rounds from the burst of edits until every node held every commit (nil when it never did).
    public let rounds: Int?
    /// ⌈log2 N⌉, the rounds epidemic pulls from random peers need.
    public var logRounds: Int { Self.ceilLog2(nodes) }
    /// Public commits of the burst and their bytes; the ideal transfer carries each to N−1 nodes once.
    public let editCommits: Int
    public let editBytes: Int
    public var idealBytes: Int { editBytes * (nodes - 1) }
    public var idealCommits: Int { editCommits * (nodes - 1) }
    /// What the network carried to converge (the final quiet round included).
    public let traffic: Traffic
    /// Wall time of those rounds, in seconds.
    public let seconds: Double
    /// Whether the nodes ended with one digest and no acknowledged write lost.
    public let problems: [String]

    static func ceilLog2(_ n: Int) -> Int {
        var rounds = 0
        while (1 << rounds) < n { rounds += 1 }
        return rounds
    }

    /// Builds the federation, lets every member create a record and syncs (untimed), then every
    /// member makes `editsPerNode` changes and the federation pulls until every node holds the same commits.
    public static func measure(
        nodes count: Int, topology: Topology, seed: UInt64, editsPerNode: Int = 2, pageSize: Int = 500, faults: FaultPlan = .none
    ) async throws -> FederationFigure {
        var random = SplitMix64(seed: seed)
        let federation = try SimulatedFederation(count: count, topology: topology, maxSkewMillis: faults.maxSkewMillis, using: &random)
        let network = SimulatedNetwork(federation: federation, pageSize: pageSize, checkRefusals: false)
        let editor = EditGenerator(members: federation.members, privateChance: 0)
        var problems: [String] = []
        var ledger = WriteLedger()
        var time = SimulatedFederation.epoch
        let interval: Int64 = 60_000
        func tick() {
            time += interval
            federation.setTime(time)
        }
        for node in federation.nodes { _ = try await node.commit([editor.create(&random)]) }
        for _ in 0..<(2 * count + 12) {
            tick()
            _ = try await network.round(faults: .none, group: nil, using: &random, problems: &problems)
            if try await federation.vectors().allEqual { break }
        }
        tick()
        for node in federation.nodes { for _ in 0..<editsPerNode { try await ledger.edit(at: node, editor, &random) } }
        let start = ContinuousClock.now
        var traffic = Traffic()
        var rounds: Int?
        for round in 1...(2 * count + 12) {
            tick()
            traffic = traffic + (try await network.round(faults: faults, group: nil, using: &random, problems: &problems))
            if try await federation.vectors().allEqual {
                rounds = round
                break
            }
        }
        traffic = traffic + (try await network.round(faults: .none, group: nil, using: &random, problems: &problems))
        let elapsed = ContinuousClock.now - start
        if rounds == nil { problems.append("no convergence") }
        if !(try await federation.digests().allEqual) { problems.append("digests differ") }
        problems += try await ledger.lostWrites(in: federation)
        return FederationFigure(
            nodes: count, topology: topology, diameter: Self.diameter(federation.peers), rounds: rounds,
            editCommits: ledger.publicCommits.count, editBytes: ledger.publicBytes, traffic: traffic,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, problems: problems)
    }

    /// The diameter of the peer graph, by a breadth-first search from every node.
    static func diameter(_ peers: [[Int]]) -> Int {
        var longest = 0
        for start in peers.indices {
            var distance = Array(repeating: -1, count: peers.count)
            distance[start] = 0
            var queue = [start], head = 0
            while head < queue.count {
                let node = queue[head]
                head += 1
                for next in peers[node] where distance[next] < 0 {
                    distance[next] = distance[node] + 1
                    queue.append(next)
                }
            }
            longest = max(longest, distance.max() ?? 0)
        }
        return longest
    }
}
