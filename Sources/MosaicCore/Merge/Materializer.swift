/// The merge: a record's view as a pure function of the set of its operations and of the
/// member directory's roles. Order, duplication and batching of arrival cannot change it.
public enum Materializer {
    /// Who may write what, from the member directory.
    public struct Authority: Sendable, Hashable {
        /// Members with the coordinator role.
        public let coordinators: Set<MemberID>

        /// Revoked members: their writes from later commits count for nothing (DESIGN, membership).
        public let revokedAfter: [MemberID: Int64]

        /// Members whose coordinator role changed by a directory operation, with each change's point.
        public let roleChanges: [MemberID: [RoleChange]]

        public init(coordinators: Set<MemberID>, revokedAfter: [MemberID: Int64] = [:], roleChanges: [MemberID: [RoleChange]] = [:]) {
            self.coordinators = coordinators
            self.revokedAfter = revokedAfter
            self.roleChanges = roleChanges
        }

        public init(_ directory: MemberDirectory) {
            coordinators = Set(directory.coordinators.map(\.id))
            revokedAfter = directory.revokedAfter
            roleChanges = directory.roleChanges
        }

        /// Whether the author of `op` was a coordinator at the write's own point `(hlc, write id)`:
        /// a later change of role never hides, nor promotes, what was already written.
        public func isCoordinator(_ op: RecordOperation) -> Bool {
            guard let changes = roleChanges[op.author], let first = changes.first else { return coordinators.contains(op.author) }
            let before = changes.last { ($0.hlc, $0.write) < (op.hlc, op.id) }
            return before?.isCoordinator ?? !first.isCoordinator
        }

        func isRevoked(_ id: WriteID) -> Bool { id.stream == .public && revokedAfter[id.origin].map { id.seq > $0 } ?? false }

        /// Whether `operation` by `author` writes the record, rather than proposing a change to its
        /// owner: the owner and coordinators write everything; a project's partners write all but
        /// its partner list, its deletion and its restoration.
        /// - Parameters:
        ///   - partners: the record's current partners (its `partners` set, as written by the owner
        ///     and coordinators).
        ///   - authorIsCoordinator: whether the author was a coordinator at the write's own point
        ///     (``isCoordinator(_:)``); `nil` for a write made now (the directory's current roles).
        public func authorises(
            _ author: MemberID, _ operation: CatalogueOperation, owner: MemberID, type: RecordType, partners: Set<MemberID>,
            authorIsCoordinator: Bool? = nil
        ) -> Bool {
            if author == owner || (authorIsCoordinator ?? coordinators.contains(author)) { return true }
            guard type == .project, partners.contains(author) else { return false }
            switch operation {
            case .add(_, "partners", _), .remove(_, "partners", _, _), .delete, .restore: return false
            default: return true
            }
        }
    }

    /// The record's view, or `nil` when its create operation has not arrived yet.
    /// - Parameter operations: every operation held for the record, in any order, duplicates allowed.
    public static func view(of operations: [RecordOperation], authority: Authority) -> RecordView? {
        // A node may hold a revoked member's later commits from before the revocation arrived: left out, as everywhere.
        let operations = authority.revokedAfter.isEmpty ? operations : operations.filter { !authority.isRevoked($0.id) }
        // A record published from a private draft is viewed from its public operations only:
        // publishing wrote its full state publicly, so every node computes the same view.
        let creates = operations.filter { if case .create = $0.operation { true } else { false } }
        guard let create = creates.filter({ $0.id.stream == .public }).min(by: { $0.id < $1.id }) ?? creates.min(by: { $0.id < $1.id }),
            case .create(let record, let type, let nonce) = create.operation
        else { return nil }
        let stream = create.id.stream
        var unique: [WriteID: RecordOperation] = [:]
        for op in operations where op.id.stream == stream && op.operation.record == record { unique[op.id] = op }
        let ops = unique.values.sorted { $0.id < $1.id }
        let owner = create.author

        let partners = setState(
            field: "partners", ops: ops.filter { authority.isCoordinator($0) || $0.author == owner })
        let partnerIDs = Set(partners.elements.keys.compactMap(MemberID.init))
        func authorised(_ op: RecordOperation) -> Bool {
            authority.authorises(
                op.author, op.operation, owner: owner, type: type, partners: partnerIDs, authorIsCoordinator: authority.isCoordinator(op))
        }
        let allowed = ops.filter(authorised)
        let others = ops.filter { !authorised($0) }

        let dismissed = Set(
            allowed.flatMap { op -> [WriteID] in
                if case .dismiss(_, let proposals) = op.operation { proposals } else { [] }
            })

        // Registers: siblings are authorised writes that no authorised write replaces.
        var writesByKey: [RegisterKey: [Write]] = [:]
        var replaced = Set<WriteID>()
        for op in allowed {
            guard case .set(_, let field, let lang, let value, let replaces) = op.operation else { continue }
            writesByKey[RegisterKey(field: field, lang: lang), default: []].append(Write(id: op.id, hlc: op.hlc, value: value))
            replaced.formUnion(replaces)
        }
        var registers: [RegisterKey: RegisterState] = [:]
        for (key, writes) in writesByKey {
            let siblings = writes.filter { !replaced.contains($0.id) }.sorted(by: Write.displayOrder)
            if !siblings.isEmpty { registers[key] = RegisterState(siblings: siblings) }
        }

        // Sets: add-wins observed-remove, each field on its own.
        var sets: [String: [SetElement]] = [:]
        var removedTags = Set<WriteID>()
        var liveTags: [WriteID] = []
        for field in Set(allowed.compactMap(\.setField)) {
            let state = field == "partners" ? partners : setState(field: field, ops: allowed)
            removedTags.formUnion(state.removedTags)
            let elements = state.elements.map { SetElement(value: $0.key, adds: $0.value.sorted(by: Write.displayOrder)) }
                .sorted { $0.value < $1.value }
            if !elements.isEmpty { sets[field] = elements }
            liveTags += elements.flatMap { $0.adds.map(\.id) }
        }

        // Deletes: an authorised delete wins only over the writes it had seen.
        var restored = Set<WriteID>()
        var deletes: [RecordOperation] = []
        for op in allowed {
            switch op.operation {
            case .restore(_, let ids): restored.formUnion(ids)
            case .delete: deletes.append(op)
            default: break
            }
        }
        let openDeletes = deletes.filter { !restored.contains($0.id) }
        var covered = Set<WriteID>()
        for op in openDeletes { if case .delete(_, let seen) = op.operation { covered.formUnion(seen) } }
        let live = registers.values.flatMap { $0.siblings.map(\.id) } + liveTags
        let uncovered = openDeletes.isEmpty ? [] : live.filter { !covered.contains($0) }.sorted()
        let state: RecordState = !openDeletes.isEmpty && uncovered.isEmpty ? .deleted : .alive

        let proposals = openProposals(
            others, replacedByAllowed: replaced.union(removedTags), dismissed: dismissed, registers: registers, sets: sets, state: state)
        let last = ops.max { ($0.hlc, $0.author, $0.id) < ($1.hlc, $1.author, $1.id) }!
        return RecordView(
            id: record, type: type, owner: owner, nonce: nonce, isPrivate: stream == .local, state: state,
            created: Write(id: create.id, hlc: create.hlc, value: type.rawValue), lastChange: last.hlc, lastChangeBy: last.author,
            registers: registers, sets: sets, proposals: proposals, uncoveredByDelete: uncovered,
            openDeletes: openDeletes.map(\.id).sorted(),
            stale: TranslationFreshness.stale(registers: registers, allowed: allowed, all: ops))
    }

    /// Elements with their live adds, and every tag a remove took away.
    private struct SetState {
        var elements: [String: [Write]] = [:]
        var removedTags = Set<WriteID>()
    }

    private static func setState(field: String, ops: [RecordOperation]) -> SetState {
        var state = SetState()
        var adds: [String: [Write]] = [:]
        for op in ops {
            switch op.operation {
            case .add(_, field, let value): adds[value, default: []].append(Write(id: op.id, hlc: op.hlc, value: value))
            case .remove(_, field, _, let tags): state.removedTags.formUnion(tags)
            default: break
            }
        }
        for (value, writes) in adds {
            let live = writes.filter { !state.removedTags.contains($0.id) }
            if !live.isEmpty { state.elements[value] = live }
        }
        return state
    }

    private static func openProposals(
        _ others: [RecordOperation], replacedByAllowed: Set<WriteID>, dismissed: Set<WriteID>, registers: [RegisterKey: RegisterState],
        sets: [String: [SetElement]], state: RecordState
    ) -> [Proposal] {
        // A proposer may withdraw or supersede their own proposal by replacing it.
        var replacedByProposer = Set<WriteID>()
        for op in others {
            if case .set(_, _, _, _, let replaces) = op.operation {
                replacedByProposer.formUnion(replaces.filter { $0.origin == op.author })
            }
        }
        var proposals: [Proposal] = []
        for op in others where !dismissed.contains(op.id) && !replacedByAllowed.contains(op.id) && !replacedByProposer.contains(op.id) {
            let change: Proposal.Change
            switch op.operation {
            case .set(_, let field, let lang, let value, _):
                let key = RegisterKey(field: field, lang: lang)
                if (registers[key]?.current.value ?? "") == value { continue }
                change = .set(key, value)
            case .add(_, let field, let value):
                if sets[field]?.contains(where: { $0.value == value }) == true { continue }
                change = .add(field: field, value: value)
            case .remove(_, let field, let value, _):
                if sets[field]?.contains(where: { $0.value == value }) != true { continue }
                change = .remove(field: field, value: value)
            case .delete:
                if state == .deleted { continue }
                change = .delete
            case .create, .restore, .dismiss, .unknown:
                continue
            }
            proposals.append(Proposal(id: op.id, hlc: op.hlc, change: change))
        }
        return proposals.sorted { ($0.hlc, $0.id) < ($1.hlc, $1.id) }
    }
}

extension RecordOperation {
    /// The set field an add or remove touches.
    var setField: String? {
        switch operation {
        case .add(_, let field, _), .remove(_, let field, _, _): field
        default: nil
        }
    }
}
