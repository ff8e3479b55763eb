import MosaicCore

/// Checks invariant 2 on a converged node: every accepted write is the displayed value, a
/// visible sibling or proposal, or was replaced by a write whose context included it.
public enum NoSilentLoss {
    /// The writes that are nowhere to be found, described; empty when the invariant holds.
    /// - Parameter hidden: records created by a commit refused after its member's revocation: they
    ///   have no view, so the other members' writes on them have none to be found in (counted apart
    ///   by ``WriteLedger/hiddenWithRefusedRecords(in:revokedAfter:)``).
    public static func violations(
        commits: [Commit], views: [RecordID: RecordView], coordinators: Set<MemberID>, hidden: Set<RecordID> = []
    ) -> [String] {
        var byRecord: [RecordID: [(WriteID, CatalogueOperation)]] = [:]
        for commit in commits {
            for (index, operation) in commit.operations.enumerated() {
                byRecord[operation.record, default: []].append((commit.writeID(index), operation))
            }
        }
        var problems: [String] = []
        for (record, ops) in byRecord {
            guard let view = views[record] else {
                if !hidden.contains(record) { problems.append("record \(record) has operations but no view") }
                continue
            }
            let partners = Set(view.values("partners").compactMap(MemberID.init))
            func allowed(_ id: WriteID, _ operation: CatalogueOperation) -> Bool {
                if id.origin == view.owner || coordinators.contains(id.origin) { return true }
                guard view.type == .project, partners.contains(id.origin) else { return false }
                switch operation {
                case .add(_, "partners", _), .remove(_, "partners", _, _), .delete, .restore: return false
                default: return true
                }
            }
            var replaced = Set<WriteID>(), dismissed = Set<WriteID>(), covered = Set<WriteID>(), byProposer = Set<WriteID>()
            let openDeletes = Set(view.openDeletes)
            for (id, operation) in ops {
                switch operation {
                case .set(_, _, _, _, let replaces):
                    if allowed(id, operation) {
                        replaced.formUnion(replaces)
                    } else {
                        byProposer.formUnion(replaces.filter { $0.origin == id.origin })
                    }
                case .remove(_, _, _, let tags) where allowed(id, operation): replaced.formUnion(tags)
                case .dismiss(_, let ids) where allowed(id, operation): dismissed.formUnion(ids)
                case .delete(_, let seen) where openDeletes.contains(id): covered.formUnion(seen)
                default: break
                }
            }
            let proposals = Set(view.proposals.map(\.id))
            let deleted = view.state == .deleted
            for (id, operation) in ops {
                let found: Bool
                switch operation {
                case .set(_, let field, let lang, let value, _):
                    let register = view.registers[RegisterKey(field: field, lang: lang)]
                    if allowed(id, operation) {
                        found =
                            register?.siblings.contains { $0.id == id } == true || replaced.contains(id)
                            || (deleted && covered.contains(id))
                    } else {
                        found =
                            proposals.contains(id) || dismissed.contains(id) || replaced.contains(id) || byProposer.contains(id)
                            || (register?.current.value ?? "") == value || deleted
                    }
                case .add(_, let field, let value):
                    let element = view.sets[field]?.first { $0.value == value }
                    if allowed(id, operation) {
                        found = element?.adds.contains { $0.id == id } == true || replaced.contains(id) || (deleted && covered.contains(id))
                    } else {
                        found = proposals.contains(id) || dismissed.contains(id) || replaced.contains(id) || element != nil || deleted
                    }
                case .remove(_, let field, let value, _) where !allowed(id, operation):
                    found =
                        proposals.contains(id) || dismissed.contains(id) || view.sets[field]?.contains { $0.value == value } != true
                        || deleted
                case .delete where !allowed(id, operation):
                    found = proposals.contains(id) || dismissed.contains(id) || deleted
                default:
                    found = true
                }
                if !found { problems.append("write \(id) on \(record) (\(operation.name)) is lost") }
            }
        }
        return problems
    }
}

extension NoSilentLoss {
    /// The refused writes that show anyway: a write of a revoked member signed after its revocation
    /// point must be refused everywhere, so no view may hold it as a value, a sibling, a set
    /// element's addition, a proposal or an open delete. One line per write found; empty when none.
    /// - Parameter revokedAfter: each revoked member and the last of its commits that counts.
    public static func visibleRefusedWrites(views: [RecordID: RecordView], revokedAfter: [MemberID: Int64]) -> [String] {
        guard !revokedAfter.isEmpty else { return [] }
        func refused(_ id: WriteID) -> Bool { revokedAfter[id.origin].map { id.seq > $0 } ?? false }
        var problems: [String] = []
        for (record, view) in views {
            let ids =
                view.registers.values.flatMap { $0.siblings.map(\.id) } + view.sets.values.flatMap { $0.flatMap { $0.adds.map(\.id) } }
                + view.proposals.map(\.id) + view.openDeletes
            for id in Set(ids.filter(refused)).sorted() {
                problems.append("write \(id) on \(record), signed after its member's revocation, is shown instead of refused")
            }
        }
        return problems
    }
}
