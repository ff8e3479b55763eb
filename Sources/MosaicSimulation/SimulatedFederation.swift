import Foundation
import MosaicCore
import MosaicStore
import Synchronization

/// N member nodes on in-memory stores with demo keys and skewed clocks; node 0 is the coordinator
/// (and node 1 too when the federation has two).
public struct SimulatedFederation: Sendable {
    /// Where true time starts, in milliseconds since 1970.
    public static let epoch: Int64 = 1_764_000_000_000

    public let members: [MemberID]
    /// The seed directory every node starts from (its `Members/`).
    public let directory: MemberDirectory
    public let clocks: [SimulatedClock]
    /// For each node, the nodes it pulls from.
    public let peers: [[Int]]
    /// How many of the first members are coordinators in the seed (1 or 2).
    public let coordinatorCount: Int
    /// Each node's catalogue and signing key; a node restarted with a new key (after a rotation)
    /// replaces its entry, so every part of the harness reaches the running node.
    private let running: Running
    /// Applied to every catalogue opened (the identity but in the test that breaks the directory fold).
    private let open: @Sendable (NodeCatalogue) -> NodeCatalogue

    /// The nodes as they run now.
    public var nodes: [NodeCatalogue] { running.state.withLock { $0.map(\.catalogue) } }

    /// The coordinators of the seed directory (node 0's member, and node 1's with two coordinators).
    public var coordinators: Set<MemberID> { Set(members.prefix(coordinatorCount)) }

    /// - Parameters:
    ///   - count: number of nodes (at least 2).
    ///   - coordinators: how many of the first nodes are coordinators (1 or 2).
    ///   - maxSkewMillis: each node's clock is off true time by a random amount within ±this.
    ///   - open: applied to every catalogue opened; a test passes one that breaks the directory fold.
    public init(
        count: Int, topology: Topology, maxSkewMillis: Int64, coordinators: Int = 1, using random: inout SplitMix64,
        open: @escaping @Sendable (NodeCatalogue) -> NodeCatalogue = { $0 }
    ) throws {
        precondition(count >= 2, "a federation needs at least two nodes")
        precondition((1...2).contains(coordinators), "one or two coordinators")
        let members = (0..<count).map { MemberID(String(format: "sim-%03d", $0))! }
        let directory = MemberDirectory(
            members.enumerated().map { index, id in
                Member(
                    id: id, name: "Simulated member \(index)", country: CountryCode("BE")!, languages: [LanguageTag("fr")!],
                    endpoint: nil, publicKey: DemoKeys.signingKey(for: id).publicKey, role: index < coordinators ? .coordinator : .member)
            })
        var clocks: [SimulatedClock] = []
        for _ in members {
            let skew = maxSkewMillis > 0 ? Int64.random(in: -maxSkewMillis...maxSkewMillis, using: &random) : 0
            clocks.append(SimulatedClock(trueMillis: Self.epoch, skewMillis: skew))
        }
        let nodes = try zip(members, clocks).map { member, clock in
            let key = DemoKeys.signingKey(for: member)
            return Running.Node(
                catalogue: open(
                    NodeCatalogue(
                        store: try CatalogueStore.inMemory(member: member), member: member, signingKey: key, directory: directory,
                        now: { clock.now })),
                key: key)
        }
        self.members = members
        self.directory = directory
        self.clocks = clocks
        self.coordinatorCount = coordinators
        self.open = open
        self.running = Running(nodes)
        self.peers = topology.peers(count: count, using: &random)
    }

    /// Moves every node's clock to true time `millis`.
    public func setTime(_ millis: Int64) { for clock in clocks { clock.set(trueMillis: millis) } }

    /// The key node `index` signs with now.
    public func signingKey(of index: Int) -> MemberSigningKey { running.state.withLock { $0[index].key } }

    /// Restarts node `index` on its own store with `key`, as a member does after `mosaic keys rotate`
    /// (its configuration names the new key file); its directory is folded again from the store.
    public func restart(_ index: Int, signingKey key: MemberSigningKey) {
        let old = nodes[index], clock = clocks[index]
        let catalogue = open(
            NodeCatalogue(store: old.store, member: old.member, signingKey: key, directory: directory, now: { clock.now }))
        running.state.withLock { $0[index] = Running.Node(catalogue: catalogue, key: key) }
    }

    /// The running nodes, shared by every copy of the federation.
    private final class Running: Sendable {
        struct Node: Sendable {
            let catalogue: NodeCatalogue
            let key: MemberSigningKey
        }
        let state: Mutex<[Node]>
        init(_ nodes: [Node]) { state = Mutex(nodes) }
    }
}
