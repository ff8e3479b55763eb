import Foundation
import MosaicCore
import MosaicSimulation
import MosaicStore

/// One seeded scenario: three nodes make random concurrent changes of every kind and exchange
/// commits in random order, duplicated and arbitrarily batched; then they sync fully.
struct Scenario {
    let seed: UInt64
    static let members = [TestNetwork.owner, TestNetwork.member, TestNetwork.coordinator]
    /// Two coordinators and one member: concurrent authorised edits (conflicts) and edits by others (proposals) both happen.
    static let coordinators: Set<MemberID> = [TestNetwork.coordinator, TestNetwork.member]
    static let texts = ["Formation", "Training", "Schulung", "Campagne", "Enquête sur le signalement", ""]
    static let languages = ["fr", "en", "de"]

    /// What the scenario ended with.
    struct Result {
        let digests: [String]
        let vectors: [VersionVector]
        let lossProblems: [String]
        let records: Int
        let conflictsSeen: Int
        let proposalsSeen: Int
        /// Records of the final catalogue with a language marked out of date, and confirmations committed.
        let staleRecords: Int
        let confirmations: Int
        let unexpectedErrors: [String]
    }

    func run() async throws -> Result {
        var random = SplitMix64(seed: seed)
        let network = TestNetwork(coordinators: Self.coordinators)
        let clocks = Self.members.map { _ in TestClock(1_764_000_000_000 + Int64.random(in: -120_000...120_000, using: &random)) }
        let nodes = try zip(Self.members, clocks).map { try network.node($0, clock: $1) }
        var unexpected: [String] = []
        var conflictsSeen = 0, proposalsSeen = 0, confirmations = 0
        let steps = Int.random(in: 25...45, using: &random)
        for _ in 0..<steps {
            for clock in clocks { clock.advance(Int64.random(in: 1...2000, using: &random)) }
            let index = Int.random(in: 0..<nodes.count, using: &random)
            let node = nodes[index]
            let roll = Double.random(in: 0..<1, using: &random)
            do {
                if roll < 0.2 {
                    try await sync(from: nodes[(index + Int.random(in: 1..<nodes.count, using: &random)) % nodes.count], to: node, &random)
                } else if let change = try await change(at: node, roll: roll, &random) {
                    try await node.commit([change])
                    if case .confirm = change { confirmations += 1 }
                }
            } catch let error as AuthoringError {
                _ = error  // a change that does not apply to the current state: skipped, as a user would be told
            } catch {
                unexpected.append("seed \(seed): \(error)")
            }
            let status = try await node.status()
            conflictsSeen = max(conflictsSeen, status.openConflicts)
            proposalsSeen = max(proposalsSeen, status.openProposals)
        }
        // Heal: everyone pulls from everyone, in order, until nothing moves.
        for _ in 0..<2 {
            for target in nodes { for source in nodes where source.member != target.member { try await source.push(to: target) } }
        }
        for node in nodes {
            let status = try await node.status()
            conflictsSeen = max(conflictsSeen, status.openConflicts)
            proposalsSeen = max(proposalsSeen, status.openProposals)
        }
        let reference = nodes[0]
        let commits = try await reference.commits(after: VersionVector(), limit: .max).commits.map { try CommitDecoder.decode($0.bytes) }
        var views: [RecordID: RecordView] = [:]
        for view in try await reference.list(RecordFilter(includeDeleted: true), limit: 10_000) { views[view.id] = view }
        let problems = NoSilentLoss.violations(commits: commits, views: views, coordinators: Self.coordinators)
        var digests: [String] = [], vectors: [VersionVector] = []
        for node in nodes {
            digests.append(try await node.digest())
            vectors.append(try await node.vector())
        }
        return Result(
            digests: digests, vectors: vectors, lossProblems: problems, records: views.count, conflictsSeen: conflictsSeen,
            proposalsSeen: proposalsSeen, staleRecords: views.values.filter { !$0.stale.isEmpty }.count, confirmations: confirmations,
            unexpectedErrors: unexpected)
    }

    /// Delivers what `source` has and `target` lacks: shuffled, partly duplicated, in 1–3 batches.
    /// A batch that would leave a gap is refused whole, as the protocol says; later rounds bring it again.
    private func sync(from source: NodeCatalogue, to target: NodeCatalogue, _ random: inout SplitMix64) async throws {
        var commits = try await source.commits(after: try await target.vector(), limit: .max).commits
        if commits.isEmpty { return }
        let all = try await source.commits(after: VersionVector(), limit: .max).commits
        commits += (0..<Int.random(in: 0...2, using: &random)).map { _ in random.pick(all) }
        commits.shuffle(using: &random)
        let batches = Int.random(in: 1...3, using: &random)
        let size = max(1, (commits.count + batches - 1) / batches)
        for start in stride(from: 0, to: commits.count, by: size) {
            do {
                try await target.apply(Array(commits[start..<min(commits.count, start + size)]), relay: source.member)
            } catch let error as ApplyError {
                guard case .sequenceGap = error.reason else { throw error }
            }
        }
    }

    /// A random change a person at `node` could make now.
    private func change(at node: NodeCatalogue, roll: Double, _ random: inout SplitMix64) async throws -> RecordChange? {
        let views = try await node.list(RecordFilter(), limit: 1000)
        if views.count < 2 || (roll < 0.33 && views.count < 6) {
            let type: RecordType = random.chance(0.7) ? .practice : .project
            var assignments: [FieldAssignment] = [
                .register(RegisterKey(field: "title", lang: LanguageTag(random.pick(Self.languages))!), random.pick(Self.texts.dropLast()))
            ]
            if type == .project, random.chance(0.6) {
                assignments.append(.replaceSet(field: "partners", values: [random.pick(Self.members).rawValue]))
            }
            let nonce = "n-\(seed)-\(random.next())"
            return .create(type: type, nonce: nonce, assignments: assignments, isPrivate: random.chance(0.05))
        }
        let view = random.pick(views)
        if view.isPrivate, random.chance(0.5) { return .publish(view.id) }
        switch Double.random(in: 0..<1, using: &random) {
        case ..<0.08:
            return .delete(view.id)
        case ..<0.16:
            guard let conflict = view.conflicts.first else { return nil }
            switch conflict.kind {
            case .register(let key):
                let siblings = view.registers[key]!.siblings
                return .resolve(conflict, .value(random.chance(0.7) ? random.pick(siblings).value : random.pick(Self.texts)))
            case .deleteVsEdit: return .resolve(conflict, random.chance(0.5) ? .keep : .delete)
            }
        case ..<0.22:
            guard let proposal = view.proposals.first else { return nil }
            return random.chance(0.5) ? .accept(view.id, proposal: proposal.id) : .dismiss(view.id, proposal: proposal.id)
        default:
            // An owner sometimes confirms a language marked out of date (a same-text write).
            if view.owner == node.member, let stale = view.stale.keys.min(), view.registers[stale]?.siblings.count == 1,
                random.chance(0.6)
            {
                return .confirm(view.id, stale)
            }
            return .edit(view.id, [assignment(for: view.type, &random)])
        }
    }

    private func assignment(for type: RecordType, _ random: inout SplitMix64) -> FieldAssignment {
        EditGenerator.assignment(for: type, members: Self.members, &random)
    }
}
