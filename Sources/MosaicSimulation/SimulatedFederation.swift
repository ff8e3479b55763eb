import Foundation
import MosaicCore
import MosaicStore

/// N member nodes on in-memory stores with demo keys and skewed clocks; node 0 is the coordinator.
public struct SimulatedFederation: Sendable {
    /// Where true time starts, in milliseconds since 1970.
    public static let epoch: Int64 = 1_764_000_000_000

    public let members: [MemberID]
    public let directory: MemberDirectory
    public let nodes: [NodeCatalogue]
    public let clocks: [SimulatedClock]
    /// For each node, the nodes it pulls from.
    public let peers: [[Int]]

    /// The coordinators (node 0's member).
    public var coordinators: Set<MemberID> { [members[0]] }

    /// - Parameters:
    ///   - count: number of nodes (at least 2).
    ///   - maxSkewMillis: each node's clock is off true time by a random amount within ±this.
    public init(count: Int, topology: Topology, maxSkewMillis: Int64, using random: inout SplitMix64) throws {
        precondition(count >= 2, "a federation needs at least two nodes")
        let members = (0..<count).map { MemberID(String(format: "sim-%03d", $0))! }
        let directory = MemberDirectory(
            members.enumerated().map { index, id in
                Member(
                    id: id, name: "Simulated member \(index)", country: CountryCode("BE")!, languages: [LanguageTag("fr")!],
                    endpoint: nil, publicKey: DemoKeys.signingKey(for: id).publicKey, role: index == 0 ? .coordinator : .member)
            })
        var clocks: [SimulatedClock] = []
        for _ in members {
            let skew = maxSkewMillis > 0 ? Int64.random(in: -maxSkewMillis...maxSkewMillis, using: &random) : 0
            clocks.append(SimulatedClock(trueMillis: Self.epoch, skewMillis: skew))
        }
        nodes = try zip(members, clocks).map { member, clock in
            NodeCatalogue(
                store: try CatalogueStore.inMemory(member: member), member: member, signingKey: DemoKeys.signingKey(for: member),
                directory: directory, now: { clock.now })
        }
        self.members = members
        self.directory = directory
        self.clocks = clocks
        self.peers = topology.peers(count: count, using: &random)
    }

    /// Moves every node's clock to true time `millis`.
    public func setTime(_ millis: Int64) { for clock in clocks { clock.set(trueMillis: millis) } }
}
