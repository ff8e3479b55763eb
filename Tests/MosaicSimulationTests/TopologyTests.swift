import MosaicCore
import MosaicSimulation
import Testing

/// The peer graphs the simulator builds: connected, no node its own peer, the shape each name promises.
@Suite struct TopologyTests {
    @Test(arguments: [Topology.fullMesh, .randomPeers(k: 1), .randomPeers(k: 3), .chain, .ring, .star], [2, 3, 8, 30, 120])
    func everyGraphIsConnectedAndMutual(topology: Topology, count: Int) {
        var random = SplitMix64(seed: UInt64(count))
        let peers = topology.peers(count: count, using: &random)
        #expect(peers.count == count)
        var reached: Set<Int> = [0], frontier = [0]
        while let node = frontier.popLast() {
            for next in peers[node] where reached.insert(next).inserted { frontier.append(next) }
        }
        #expect(reached.count == count, "\(topology) with \(count) nodes is split")
        for (node, list) in peers.enumerated() {
            #expect(!list.contains(node))
            for peer in list { #expect(peers[peer].contains(node), "\(topology): \(node) pulls from \(peer) but not back") }
        }
    }

    @Test func shapesMatchTheirNames() {
        var random = SplitMix64(seed: 1)
        #expect(Topology.chain.peers(count: 4, using: &random) == [[1], [0, 2], [1, 3], [2]])
        #expect(Topology.ring.peers(count: 4, using: &random) == [[1, 3], [0, 2], [1, 3], [0, 2]])
        #expect(Topology.star.peers(count: 4, using: &random) == [[1, 2, 3], [0], [0], [0]])
        #expect(Topology.fullMesh.peers(count: 3, using: &random) == [[1, 2], [0, 2], [0, 1]])
        let random3 = Topology.randomPeers(k: 3).peers(count: 120, using: &random)
        #expect(random3.allSatisfy { $0.count >= 3 })
    }

    @Test func namesParse() {
        #expect(Topology(name: "random:4") == .randomPeers(k: 4))
        #expect(Topology(name: "random") == .randomPeers(k: 3))
        #expect(Topology(name: "mesh") == .fullMesh)
        #expect(Topology(name: "random:0") == nil)
        #expect(Topology(name: "tree") == nil)
    }
}
