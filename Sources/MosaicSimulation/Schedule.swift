import MosaicCore
import MosaicStore
import MosaicSync

/// One seeded schedule: a federation edits through rounds of faults, is healed, pulls until
/// quiet, and is checked for convergence and lost writes. The same seed replays exactly.
public struct Schedule: Sendable {
    public let seed: UInt64
    public let settings: ScheduleSettings
    /// Applied to every pull session before it runs (the identity but in the simulator's own test).
    let session: @Sendable (PullSession) -> PullSession

    /// - Parameter session: applied to every pull session before it runs; a test passes one that
    ///   breaks the session to prove the schedules catch it.
    public init(seed: UInt64, settings: ScheduleSettings = .fast, session: @escaping @Sendable (PullSession) -> PullSession = { $0 }) {
        self.seed = seed
        self.settings = settings
        self.session = session
    }

    public func run() async throws -> ScheduleOutcome {
        var random = SplitMix64(seed: seed)
        let count = Int.random(in: settings.nodes, using: &random)
        let topology = random.pick(settings.topologies)
        let federation = try SimulatedFederation(
            count: count, topology: topology, maxSkewMillis: settings.faults.maxSkewMillis, using: &random)
        let network = SimulatedNetwork(
            federation: federation, pageSize: Int.random(in: settings.pageSize, using: &random), checkRefusals: settings.checkRefusals,
            session: session)
        let editor = EditGenerator(members: federation.members)
        let interval = settings.intervalSeconds * 1000
        var ledger = WriteLedger()
        var problems: [String] = [], divergence: [String] = []
        var time = SimulatedFederation.epoch
        var faulty = Traffic()
        var partition: (group: [Int], until: Int)?
        for round in 0..<Int.random(in: settings.faultyRounds, using: &random) {
            let offsets = (0..<Int.random(in: settings.editsPerRound, using: &random)).map { _ in
                Int64.random(in: 0..<interval, using: &random)
            }
            for offset in offsets.sorted() {
                federation.setTime(time + offset)
                // The coordinator edits often, so that authorised concurrent edits (conflicts) happen.
                let node = random.chance(0.3) ? federation.nodes[0] : random.pick(federation.nodes)
                try await ledger.edit(at: node, editor, &random)
            }
            if partition == nil, random.chance(settings.faults.partition) {
                let cut = Set((0..<count).shuffled(using: &random).prefix(Int.random(in: 1..<count, using: &random)))
                partition = ((0..<count).map { cut.contains($0) ? 1 : 0 }, round + Int.random(in: 0...2, using: &random))
            }
            if random.chance(settings.contestedEdits) { try await contest(federation, editor, &ledger, &random) }
            time += interval
            federation.setTime(time)
            faulty =
                faulty + (try await network.round(faults: settings.faults, group: partition?.group, using: &random, problems: &problems))
            if let until = partition?.until, round >= until { partition = nil }
            try await ledger.observe(federation.nodes[0])
        }
        // Heal: no more faults; pull every interval until every node holds the same commits.
        var heal = Traffic()
        var converged: Int?
        let cap = 2 * count + 12
        for round in 1...cap {
            time += interval
            federation.setTime(time)
            heal = heal + (try await network.round(faults: .none, group: nil, using: &random, problems: &problems))
            if try await federation.vectors().allEqual {
                converged = round
                break
            }
        }
        if let converged {
            let quiet = try await network.round(faults: .none, group: nil, using: &random, problems: &problems)
            heal = heal + quiet
            if quiet.bytes > 0 { divergence.append("round \(converged + 1) after convergence still carried \(quiet.bytes) bytes") }
            let digests = try await federation.digests()
            if !digests.allEqual { divergence.append("same commits, different catalogues: \(Set(digests).count) digests") }
        } else {
            divergence.append("no convergence after \(cap) rounds: \(Set(try await federation.vectors()).count) different vectors")
        }
        let lost = try await ledger.lostWrites(in: federation)
        try await ledger.observe(federation.nodes[0])
        return ScheduleOutcome(
            seed: seed, nodes: count, topology: topology, roundsToConverge: converged, faultyTraffic: faulty, healTraffic: heal,
            acknowledged: ledger.acknowledged, publicCommits: ledger.publicCommits.count, publicCommitBytes: ledger.publicBytes,
            refusedChanges: ledger.refused,
            records: try await federation.nodes[0].list(RecordFilter(includeDeleted: true), limit: 1_000_000).count,
            sawConflict: ledger.sawConflict, sawProposal: ledger.sawProposal, divergence: divergence, lostWrites: lost,
            networkProblems: problems)
    }
}

extension Schedule {
    /// The coordinator and a record's owner retitle it at the same moment, each before seeing the
    /// other's change: a conflict both must keep.
    private func contest(
        _ federation: SimulatedFederation, _ editor: EditGenerator, _ ledger: inout WriteLedger, _ random: inout SplitMix64
    ) async throws {
        let coordinator = federation.members[0]
        let views = try await federation.nodes[0].list(RecordFilter(), limit: 10_000).filter { $0.owner != coordinator }
        guard !views.isEmpty else { return }
        let view = random.pick(views)
        guard let owner = federation.members.firstIndex(of: view.owner) else { return }
        try await ledger.make(editor.contestedEdit(of: view.id, &random), at: federation.nodes[0])
        try await ledger.make(editor.contestedEdit(of: view.id, &random), at: federation.nodes[owner])
    }
}

extension SimulatedFederation {
    /// Every node's version vector.
    public func vectors() async throws -> [VersionVector] {
        var result: [VersionVector] = []
        for node in nodes { result.append(try await node.vector()) }
        return result
    }

    /// Every node's catalogue digest.
    public func digests() async throws -> [String] {
        var result: [String] = []
        for node in nodes { result.append(try await node.digest()) }
        return result
    }
}

extension Array where Element: Equatable {
    /// Whether every element equals the first.
    var allEqual: Bool { allSatisfy { $0 == first } }
}
