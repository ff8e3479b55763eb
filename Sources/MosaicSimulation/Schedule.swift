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
    /// Applied to every node's catalogue when it opens (the identity but in the simulator's own test).
    let catalogue: @Sendable (NodeCatalogue) -> NodeCatalogue

    /// - Parameters:
    ///   - session: applied to every pull session before it runs; a test passes one that breaks the
    ///     session to prove the schedules catch it.
    ///   - catalogue: applied to every node's catalogue when it opens; a test passes one that breaks
    ///     the directory fold.
    public init(
        seed: UInt64, settings: ScheduleSettings = .fast, session: @escaping @Sendable (PullSession) -> PullSession = { $0 },
        catalogue: @escaping @Sendable (NodeCatalogue) -> NodeCatalogue = { $0 }
    ) {
        self.seed = seed
        self.settings = settings
        self.session = session
        self.catalogue = catalogue
    }

    public func run() async throws -> ScheduleOutcome {
        var random = SplitMix64(seed: seed)
        let count = Int.random(in: settings.nodes, using: &random)
        let topology = random.pick(settings.topologies)
        // Drawn only with directory changes on, so that a schedule without them replays as before.
        let directoryOn = settings.directoryChanges > 0
        let coordinators = directoryOn && random.chance(settings.secondCoordinator) ? 2 : 1
        let federation = try SimulatedFederation(
            count: count, topology: topology, maxSkewMillis: settings.faults.maxSkewMillis, coordinators: coordinators, using: &random,
            open: catalogue)
        let network = SimulatedNetwork(
            federation: federation, pageSize: Int.random(in: settings.pageSize, using: &random), checkRefusals: settings.checkRefusals,
            session: session)
        let editor = EditGenerator(members: federation.members)
        let interval = settings.intervalSeconds * 1000
        var ledger = WriteLedger()
        var directory = DirectoryChanges()
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
                let node = random.chance(0.3) ? 0 : random.pick(Array(0..<count))
                try await ledger.edit(at: federation.nodes[node], key: federation.signingKey(of: node), editor, &random)
            }
            if directoryOn, random.chance(settings.directoryChanges) {
                try await directory.change(in: federation, network: network, ledger: &ledger, &random)
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
            if try await federation.sharedVectors(excluding: directory.cutOff).allEqual {
                converged = round
                break
            }
        }
        if let converged {
            let quiet = try await network.round(faults: .none, group: nil, using: &random, problems: &problems)
            heal = heal + quiet
            if quiet.bytes > 0 { divergence.append("round \(converged + 1) after convergence still carried \(quiet.bytes) bytes") }
            let digests = try await federation.digests(excluding: directory.cutOff)
            if !digests.allEqual { divergence.append("same commits, different catalogues: \(Set(digests).count) digests") }
            let directories = federation.directoryDigests(excluding: directory.cutOff)
            if !directories.allEqual {
                divergence.append("same commits, different directories: \(Set(directories).count) directory digests")
            }
        } else {
            let vectors = try await federation.sharedVectors(excluding: directory.cutOff)
            divergence.append("no convergence after \(cap) rounds: \(Set(vectors).count) different vectors")
        }
        let lost = try await ledger.lostWrites(in: federation, revokedAfter: directory.revokedAfter, cutOff: directory.cutOff)
        var counts = directory.counts
        counts.refusedAsExpected = ledger.refusedAsExpected(revokedAfter: directory.revokedAfter)
        counts.hiddenWithRefusedRecords = try await ledger.hiddenWithRefusedRecords(in: federation, revokedAfter: directory.revokedAfter)
        try await ledger.observe(federation.nodes[0])
        return ScheduleOutcome(
            seed: seed, nodes: count, topology: topology, roundsToConverge: converged, faultyTraffic: faulty, healTraffic: heal,
            acknowledged: ledger.acknowledged, publicCommits: ledger.publicCommits.count, publicCommitBytes: ledger.publicBytes,
            refusedChanges: ledger.refused,
            records: try await federation.nodes[0].list(RecordFilter(includeDeleted: true), limit: 1_000_000).count,
            sawConflict: ledger.sawConflict, sawProposal: ledger.sawProposal, directory: counts, divergence: divergence, lostWrites: lost,
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
        try await ledger.make(editor.contestedEdit(of: view.id, &random), at: federation.nodes[0], key: federation.signingKey(of: 0))
        try await ledger.make(
            editor.contestedEdit(of: view.id, &random), at: federation.nodes[owner], key: federation.signingKey(of: owner))
    }
}

extension SimulatedFederation {
    /// Every node's version vector.
    public func vectors() async throws -> [VersionVector] {
        var result: [VersionVector] = []
        for node in nodes { result.append(try await node.vector()) }
        return result
    }

    /// Every node's catalogue digest, but those of the nodes `excluding`.
    public func digests(excluding: Set<Int> = []) async throws -> [String] {
        var result: [String] = []
        for (index, node) in nodes.enumerated() where !excluding.contains(index) { result.append(try await node.digest()) }
        return result
    }

    /// The vector each node offers its peers (without a revoked member's commits past its point),
    /// but those of the nodes `excluding`.
    public func sharedVectors(excluding: Set<Int>) async throws -> [VersionVector] {
        var result: [VersionVector] = []
        for (index, node) in nodes.enumerated() where !excluding.contains(index) { result.append(try await node.sharedVector()) }
        return result
    }

    /// Every node's directory digest (docs/PROTOCOL.md §14.2), but those of the nodes `excluding`.
    public func directoryDigests(excluding: Set<Int>) -> [String] {
        nodes.enumerated().filter { !excluding.contains($0.offset) }.map(\.element.directory.digest)
    }
}

extension Array where Element: Equatable {
    /// Whether every element equals the first.
    var allEqual: Bool { allSatisfy { $0 == first } }
}
