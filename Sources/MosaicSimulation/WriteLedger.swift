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
    /// - Parameter key: the key `node` signs with (its demo key unless it rotated).
    /// - Throws: any error but an `AuthoringError`, which is an expected refusal.
    public mutating func edit(
        at node: NodeCatalogue, key: MemberSigningKey? = nil, _ editor: EditGenerator, _ random: inout SplitMix64
    ) async throws {
        guard let change = try await editor.change(at: node, &random) else { return }
        try await make(change, at: node, key: key)
    }

    /// Commits `change` at `node` and records the outcome.
    /// - Parameter key: the key `node` signs with (its demo key unless it rotated).
    /// - Throws: any error but an `AuthoringError`, which is an expected refusal.
    public mutating func make(_ change: RecordChange, at node: NodeCatalogue, key: MemberSigningKey? = nil) async throws {
        do {
            let local = try await node.commit([change])
            if case .resolve = change { sawConflict = true }
            if local.commit.stream == .public {
                record(local.commit, signedWith: key ?? DemoKeys.signingKey(for: node.member))
            } else {
                acknowledged += 1
            }
        } catch is AuthoringError {
            refused += 1
        }
        try await observe(node)
    }

    /// Records an acknowledged public commit (an edit or a directory change) and its exact signed bytes.
    /// - Returns: those signed bytes.
    @discardableResult
    public mutating func record(_ commit: Commit, signedWith key: MemberSigningKey) -> [UInt8] {
        acknowledged += 1
        publicCommits.append(commit)
        let signed = SignedCommit(signing: commit, with: key)
        publicCommitBytes.append(signed.bytes)
        publicBytes += signed.bytes.count + signed.signature.count
        return signed.bytes
    }

    /// Acknowledged public commits of revoked members signed after their revocation point: refused
    /// everywhere, as expected (``lostWrites(in:revokedAfter:cutOff:)`` checks that they are).
    public func refusedAsExpected(revokedAfter: [MemberID: Int64]) -> Int {
        publicCommits.count(where: { commit in revokedAfter[commit.origin].map { commit.seq > $0 } ?? false })
    }

    /// Notes whether `node` shows a conflict or a proposal now.
    public mutating func observe(_ node: NodeCatalogue) async throws {
        let status = try await node.status()
        sawConflict = sawConflict || status.openConflicts > 0
        sawProposal = sawProposal || status.openProposals > 0
    }

    /// Every acknowledged public commit held by every node, and invariant 2 (no silent loss) on
    /// the reference node's catalogue; one line per problem found.
    ///
    /// A revoked member's commits signed after its revocation point are owed nowhere: they must be
    /// refused everywhere instead, every node knowing the revocation and no view showing them.
    /// - Parameters:
    ///   - revokedAfter: each revoked member and the last of its commits that counts.
    ///   - cutOff: nodes not checked (a revoked member's own node, whose requests get 401).
    public func lostWrites(
        in federation: SimulatedFederation, revokedAfter: [MemberID: Int64] = [:], cutOff: Set<Int> = []
    ) async throws -> [String] {
        var problems: [String] = []
        func owed(_ commit: Commit) -> Bool { revokedAfter[commit.origin].map { commit.seq <= $0 } ?? true }
        for (index, node) in federation.nodes.enumerated() where !cutOff.contains(index) {
            let vector = try await node.vector()
            for commit in publicCommits where owed(commit) && vector[commit.origin] < commit.seq {
                problems.append("acknowledged commit \(commit.origin)#\(commit.seq) is missing at \(node.member)")
            }
            for (member, after) in revokedAfter where node.directory.revokedAfter[member] != after {
                problems.append("\(node.member) does not know that \(member) was revoked after #\(after)")
            }
        }
        let reference = federation.nodes[0]
        let signed = try await reference.commits(after: VersionVector(), limit: .max).commits
        let held = Set(signed.map(\.bytes))
        for (commit, bytes) in zip(publicCommits, publicCommitBytes) where !held.contains(bytes) {
            if owed(commit) {
                problems.append("acknowledged commit \(commit.origin)#\(commit.seq) is not held byte for byte by \(reference.member)")
            }
        }
        for (commit, bytes) in zip(publicCommits, publicCommitBytes) where !owed(commit) && held.contains(bytes) {
            problems.append("commit \(commit.origin)#\(commit.seq), signed after its member's revocation, is still passed on")
        }
        let log = try signed.map { try CommitDecoder.decode($0.bytes) }
        var views: [RecordID: RecordView] = [:]
        for view in try await reference.list(RecordFilter(includeDeleted: true), limit: 1_000_000) { views[view.id] = view }
        problems += NoSilentLoss.violations(
            commits: log, views: views, coordinators: federation.coordinators, hidden: refusedRecords(revokedAfter: revokedAfter))
        problems += NoSilentLoss.visibleRefusedWrites(views: views, revokedAfter: revokedAfter)
        return problems
    }

    /// The records that commits refused after a revocation touched.
    private func refusedRecords(revokedAfter: [MemberID: Int64]) -> Set<RecordID> {
        guard !revokedAfter.isEmpty else { return [] }
        return Set(
            publicCommits.filter { commit in revokedAfter[commit.origin].map { commit.seq > $0 } ?? false }.flatMap {
                $0.operations.map(\.record)
            })
    }

    /// Writes of members in good standing on records created by a commit refused after a revocation:
    /// the record has no view, so they are hidden with it (the reference node's log, counted per
    /// operation). Not a silent loss the simulator fails a schedule for, but counted and reported:
    /// a revocation hides what others wrote on the revoked member's later records.
    public func hiddenWithRefusedRecords(in federation: SimulatedFederation, revokedAfter: [MemberID: Int64]) async throws -> Int {
        let records = refusedRecords(revokedAfter: revokedAfter)
        guard !records.isEmpty else { return 0 }
        let reference = federation.nodes[0]
        var viewed = Set<RecordID>()
        for view in try await reference.list(RecordFilter(includeDeleted: true), limit: 1_000_000) { viewed.insert(view.id) }
        let hidden = records.subtracting(viewed)
        let log = try await reference.commits(after: VersionVector(), limit: .max).commits.map { try CommitDecoder.decode($0.bytes) }
        return log.reduce(0) { total, commit in total + commit.operations.count { hidden.contains($0.record) } }
    }
}
