import MosaicCore
import MosaicSimulation
import MosaicStore
import Testing

/// Federation-scale behaviour the figures report, checked on 30 nodes, and the checker itself.
@Suite struct FederationFigureTests {
    @Test(arguments: [UInt64(1), 2])
    func randomPeerFederationOf30ConvergesWithinLog2NPlus2Rounds(seed: UInt64) async throws {
        let figure = try await FederationFigure.measure(nodes: 30, topology: .randomPeers(k: 3), seed: seed)
        #expect(figure.problems.isEmpty, "\(figure.problems.prefix(3))")
        let rounds = try #require(figure.rounds)
        #expect(rounds <= figure.logRounds + 2, "\(rounds) rounds for 30 random-peer nodes")
        // Sessions run one after another in a round, so news can cross several hops in one round
        // (fewer rounds than the diameter); every commit still reaches every other node exactly once.
        #expect(figure.traffic.commitsApplied == figure.idealCommits)
        #expect(figure.traffic.bytes >= figure.idealBytes)
    }

    @Test func aChainTakesAsManyRoundsAsItIsLong() async throws {
        let figure = try await FederationFigure.measure(nodes: 8, topology: .chain, seed: 7)
        #expect(figure.problems.isEmpty)
        #expect(figure.rounds == 7)
        #expect(figure.traffic.bytes == figure.idealBytes, "a chain carries each commit over each link exactly once")
    }

    @Test func theLedgerFindsAWriteThatNeverArrived() async throws {
        var random = SplitMix64(seed: 9)
        let federation = try SimulatedFederation(count: 3, topology: .fullMesh, maxSkewMillis: 0, using: &random)
        var ledger = WriteLedger()
        let editor = EditGenerator(members: federation.members, privateChance: 0)
        try await ledger.edit(at: federation.nodes[1], editor, &random)
        let lost = try await ledger.lostWrites(in: federation)
        // Missing at nodes 0 and 2, and not in the reference node's log either.
        #expect(lost.count == 3, "the commit is at node 1 only: \(lost)")
        #expect(lost.allSatisfy { $0.contains("sim-001#1") })
    }

    @Test func aNetworkThatLosesEverythingNeverConverges() async throws {
        var settings = ScheduleSettings.fast
        settings.faults = FaultPlan(drop: 1, duplicate: 0, reorder: 0, partition: 0, maxSkewMillis: 0)
        var random = SplitMix64(seed: 3)
        let federation = try SimulatedFederation(count: 4, topology: .ring, maxSkewMillis: 0, using: &random)
        let network = SimulatedNetwork(federation: federation, pageSize: 5)
        var ledger = WriteLedger()
        try await ledger.edit(at: federation.nodes[0], EditGenerator(members: federation.members, privateChance: 0), &random)
        var problems: [String] = []
        let traffic = try await network.round(faults: settings.faults, group: nil, using: &random, problems: &problems)
        #expect(traffic.commitsApplied == 0 && traffic.failedPulls == 8)
        #expect(Set(try await federation.vectors()).count > 1, "a network that delivers nothing cannot converge")
    }
}
