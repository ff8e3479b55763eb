/// One directory operation as a node holds it: its write id (origin, seq, index), the
/// commit's hybrid logical clock and the operation.
public struct DirectoryEvent: Sendable, Hashable {
    /// The operation's write id; its origin signed the commit.
    public let id: WriteID
    /// The clock of the commit that carries it.
    public let hlc: HybridTimestamp
    public let operation: DirectoryOperation

    public init(id: WriteID, hlc: HybridTimestamp, operation: DirectoryOperation) {
        self.id = id
        self.hlc = hlc
        self.operation = operation
    }
}

/// The effective directory and where each part of it came from.
public struct EffectiveDirectory: Sendable, Hashable {
    /// The directory every check of this node uses.
    public let directory: MemberDirectory
    /// The operation that wrote each member's entry (absent: the entry comes from the seed).
    public let entrySource: [MemberID: WriteID]
    /// The revocation that holds for each revoked member.
    public let revocationSource: [MemberID: WriteID]
    /// Operations that count for nothing: a `member` or `revoke` whose signer was not a
    /// coordinator at the operation's own point, or a rotation by a member unknown to the directory.
    public let ignored: [WriteID]
    /// The directory operations folded, in fold order (`(hlc, write id)`), duplicates removed.
    public let events: [DirectoryEvent]

    /// How many directory operations were folded.
    public var operationCount: Int { events.count }
}

/// The effective directory as a deterministic function of the seed and the set of directory
/// operations held, whatever order they arrived in (duplicates collapse by write id).
///
/// Operations are folded in `(hlc, write id)` order. A member entry is a last-writer-wins register
/// per member id; a `member` or `revoke` counts only when its signer is a coordinator, not revoked
/// at that commit, in the directory folded so far (authority at the write's own point).
/// Revocations are monotone (the smallest `after` wins; nothing un-revokes). Rotations are
/// monotone too: each adds the key valid from the commit after it, in the member's own sequence.
/// Each change of a member's coordinator role is kept with its point, so that the merge judges a
/// write with the roles of its own point, never hiding what was published before the change.
public enum DirectoryFold {
    /// Folds `events` over `seed` (the node's `Members/`).
    public static func fold(seed: MemberDirectory, events: some Sequence<DirectoryEvent>) -> EffectiveDirectory {
        var unique: [WriteID: DirectoryEvent] = [:]
        for event in events { unique[event.id] = event }
        let ordered = unique.values.sorted { ($0.hlc, $0.id) < ($1.hlc, $1.id) }
        var entries = Dictionary(seed.members.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var firstKeys = Dictionary(
            seed.members.map { ($0.id, seed.keys(of: $0.id).first?.key ?? $0.publicKey) }, uniquingKeysWith: { a, _ in a })
        var entrySource: [MemberID: WriteID] = [:]
        var revoked = seed.revokedAfter
        var revocationSource: [MemberID: WriteID] = [:]
        var rotations: [MemberID: [Int64: MemberPublicKey]] = [:]
        var ignored: [WriteID] = []
        var roleChanges: [MemberID: [RoleChange]] = [:]
        for event in ordered {
            let signer = event.id.origin
            let isCoordinator =
                entries[signer]?.role == .coordinator && !(revoked[signer].map { event.id.seq > $0 } ?? false)
            switch event.operation {
            case .member(let member):
                guard isCoordinator else { ignored.append(event.id); continue }
                // A member this node did not know yet changes no role: nodes seeded with more or fewer
                // entries (a node joining later) then fold the same role changes from the same commits.
                if let held = entries[member.id], (held.role == .coordinator) != (member.role == .coordinator) {
                    roleChanges[member.id, default: []].append(
                        RoleChange(hlc: event.hlc, write: event.id, isCoordinator: member.role == .coordinator))
                }
                entries[member.id] = member
                firstKeys[member.id] = member.publicKey
                entrySource[member.id] = event.id
            case .revoke(let member, let after):
                guard isCoordinator else { ignored.append(event.id); continue }
                if revoked[member].map({ after < $0 }) ?? true {
                    revoked[member] = after
                    revocationSource[member] = event.id
                }
            case .rotate(let key):
                // The commit verified with the member's key of that time: the rotation is its own word.
                rotations[signer, default: [:]][event.id.seq + 1] = key
            }
        }
        var history: [MemberID: [KeyPeriod]] = [:]
        var members: [Member] = []
        for (id, entry) in entries {
            var member = entry
            var periods = [KeyPeriod(key: firstKeys[id] ?? entry.publicKey, from: 1)]
            // A rotation signed after the member's revocation point counts for nothing, whatever the
            // order: a node that held it before the revocation arrived must fold what the others do.
            for (from, key) in (rotations[id] ?? [:]).sorted(by: { $0.key < $1.key }) where revoked[id].map({ from - 1 <= $0 }) ?? true {
                periods.append(KeyPeriod(key: key, from: from))
            }
            member.publicKey = periods[periods.count - 1].key
            if periods.count > 1 { history[id] = periods }
            members.append(member)
        }
        for id in rotations.keys where entries[id] == nil {
            ignored += ordered.filter { if case .rotate = $0.operation { $0.id.origin == id } else { false } }.map(\.id)
        }
        for (id, after) in revoked where entries[id] != nil {
            ignored += ordered.filter { if case .rotate = $0.operation { $0.id.origin == id && $0.id.seq > after } else { false } }.map(
                \.id)
        }
        return EffectiveDirectory(
            directory: MemberDirectory(
                members, keyHistory: history, revokedAfter: revoked.filter { entries[$0.key] != nil }, roleChanges: roleChanges),
            entrySource: entrySource, revocationSource: revocationSource, ignored: ignored.sorted(), events: ordered)
    }
}
