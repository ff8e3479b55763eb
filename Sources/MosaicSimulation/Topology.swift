import MosaicCore

/// Who pulls from whom in a simulated federation. Node 0 is the coordinator.
public enum Topology: Sendable, Hashable, CustomStringConvertible {
    /// Every node pulls from every other.
    case fullMesh
    /// Each node picks `k` random peers; peering is mutual (as two members configure each other).
    case randomPeers(k: Int)
    /// A line: each node pulls from its neighbours, the ends from one.
    case chain
    /// A line closed into a circle.
    case ring
    /// Every member pulls from the coordinator, which pulls from every member.
    case star

    /// Every topology, with `k` random peers, in the order the figures list them.
    public static func all(k: Int = 3) -> [Topology] { [.fullMesh, .randomPeers(k: k), .chain, .ring, .star] }

    /// Reads `mesh`, `random`, `random:K`, `chain`, `ring` or `star`; `nil` otherwise.
    public init?(name: String) {
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        switch parts.first {
        case "mesh", "full-mesh": self = .fullMesh
        case "random":
            guard parts.count == 1 || Int(parts[1]).map({ $0 >= 1 }) == true else { return nil }
            self = .randomPeers(k: parts.count == 2 ? Int(parts[1])! : 3)
        case "chain": self = .chain
        case "ring": self = .ring
        case "star": self = .star
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .fullMesh: "mesh"
        case .randomPeers(let k): "random:\(k)"
        case .chain: "chain"
        case .ring: "ring"
        case .star: "star"
        }
    }

    /// For each of `count` nodes, the nodes it pulls from (sorted, never itself). The graph is
    /// connected for every topology; random peers that happen to split are joined by one extra link.
    public func peers(count: Int, using random: inout SplitMix64) -> [[Int]] {
        guard count > 1 else { return Array(repeating: [], count: count) }
        var links = Array(repeating: Set<Int>(), count: count)
        func link(_ a: Int, _ b: Int) {
            guard a != b else { return }
            links[a].insert(b)
            links[b].insert(a)
        }
        switch self {
        case .fullMesh:
            for a in 0..<count { for b in 0..<count { link(a, b) } }
        case .randomPeers(let k):
            for a in 0..<count {
                let others = (0..<count).filter { $0 != a }.shuffled(using: &random)
                for b in others.prefix(k) { link(a, b) }
            }
            let roots = Self.componentRoots(links)
            for root in roots.dropFirst() { link(roots[0], root) }
        case .chain:
            for a in 1..<count { link(a - 1, a) }
        case .ring:
            for a in 0..<count { link(a, (a + 1) % count) }
        case .star:
            for a in 1..<count { link(0, a) }
        }
        return links.map { $0.sorted() }
    }

    /// The first node of each connected component, node 0's first.
    private static func componentRoots(_ links: [Set<Int>]) -> [Int] {
        var component = Array(repeating: -1, count: links.count)
        var roots: [Int] = []
        for start in links.indices where component[start] < 0 {
            roots.append(start)
            var stack = [start]
            component[start] = start
            while let node = stack.popLast() {
                for next in links[node] where component[next] < 0 {
                    component[next] = start
                    stack.append(next)
                }
            }
        }
        return roots
    }
}
