import MosaicCore
import MosaicStore

/// The changes members made and were told were saved, to check at the end that none was lost.
public struct WriteLedger: Sendable {
    /// Public commits acknowledged by `commit`, in the order they were made.
    public private(set) var publicCommits: [Commit] = []
    /// Their exact signed bytes, as the origin stored them.
    public private(set) var publicCommitBytes: [[UInt8]] = []
    /// Public commit and signature bytes.
    public private(set) var publicBytes = 0
    /// Every acknowledged change, private ones included.
    public private(set) var acknowledged = 0
    /// Changes refused with an `AuthoringError` (not acknowledged, so not owed).
    public private(set) var refused = 0
    public private(set) var sawConflict = false
    public private(set) var sawProposal = false

    public init() {}

    /// Makes a random change at `node` and records the outcome.
    /// - Throws: any error but an `AuthoringError`, which is an expected refusal.
    public mutating func edit(at node: NodeCatalogue, _ editor: EditGenerator, _ random: inout SplitMix64) async throws {
        guard let change = try await editor.change(at: node, &random) else { return }
        try await make(change, at: node)
    }

    /// Commits `change` at `node` and records the outcome.
    /// - Throws: any error but an `AuthoringError`, which is an expected refusal.
    public mutating func make(_ change: RecordChange, at node: NodeCatalogue) async throws {
        do {
            let local = try await node.commit([change])
            acknowledged += 1
            if case .resolve = change { sawConflict = true }
            if local.commit.stream == .public {
                publicCommits.append(local.commit)
                let signed = SignedCommit(signing: local.commit, with: DemoKeys.signingKey(for: node.member))
                publicCommitBytes.append(signed.bytes)
                publicBytes += signed.bytes.count + signed.signature.count
            }
        } catch is AuthoringError {
            refused += 1
        }
        try await observe(node)
    }

    /// Notes whether `node` shows a conflict or a proposal now.
    public mutating func observe(_ node: NodeCatalogue) async throws {
        let status = try await node.status()
        sawConflict = sawConflict || status.openConflicts > 0
        sawProposal = sawProposal || status.openProposals > 0
    }

    /// Every acknowledged public commit held by every node, and invariant 2 (no silent loss) on
    /// the reference node's catalogue; one line per problem found.
    public func lostWrites(in federation: SimulatedFederation) async throws -> [String] {
        var problems: [String] = []
        for node in federation.nodes {
            let vector = try await node.vector()
            for commit in publicCommits where vector[commit.origin] < commit.seq {
                problems.append("acknowledged commit \(commit.origin)#\(commit.seq) is missing at \(node.member)")
            }
        }
        let reference = federation.nodes[0]
        let signed = try await reference.commits(after: VersionVector(), limit: .max).commits
        let held = Set(signed.map(\.bytes))
        for (commit, bytes) in zip(publicCommits, publicCommitBytes) where !held.contains(bytes) {
            problems.append("acknowledged commit \(commit.origin)#\(commit.seq) is not held byte for byte by \(reference.member)")
        }
        let log = try signed.map { try CommitDecoder.decode($0.bytes) }
        var views: [RecordID: RecordView] = [:]
        for view in try await reference.list(RecordFilter(includeDeleted: true), limit: 1_000_000) { views[view.id] = view }
        problems += NoSilentLoss.violations(commits: log, views: views, coordinators: federation.coordinators)
        return problems
    }
}
