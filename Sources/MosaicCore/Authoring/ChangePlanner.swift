/// Turns a ``RecordChange`` into operations with the right causal context, given the
/// record's current view: a register write replaces every current sibling, a remove lists
/// the tags it observed, a delete lists every live write it has seen.
public enum ChangePlanner {
    /// The operations of a change and the stream they belong to.
    public struct Plan: Sendable, Hashable {
        public let stream: CommitStream
        public let operations: [CatalogueOperation]
        /// The record a create makes.
        public let created: RecordID?
    }

    /// Plans `change` by `author`. Every text and tag it writes is in NFC (``NormalForm``), whatever
    /// the entry (command line, web form, JSON API, import): this is the one path all of them take.
    /// - Parameter view: the record's current view (`nil` for a create).
    public static func plan(_ change: RecordChange, by author: MemberID, view: RecordView?) throws(AuthoringError) -> Plan {
        let change = change.normalized
        if case .create(let type, let nonce, let assignments, let isPrivate) = change {
            // The same rule as every receiving node's: a commit they would refuse must not be made.
            guard RecordID.isValidNonce(nonce) else {
                throw .invalidValue(field: "nonce", value: nonce, rule: "8 to 64 printable ASCII characters")
            }
            let record = RecordID.derive(origin: author, nonce: nonce)
            var operations: [CatalogueOperation] = [.create(record: record, type: type, nonce: nonce)]
            for assignment in assignments {
                if case .register(let key, let value) = assignment, key.field == "visibility" {
                    guard ["network", "private"].contains(value) else {
                        throw .invalidValue(field: "visibility", value: value, rule: "network or private")
                    }
                    continue  // visibility is decided by isPrivate and written below
                }
                operations += try assign(assignment, record: record, type: type, current: nil)
            }
            operations.append(.set(record: record, field: "visibility", lang: nil, value: isPrivate ? "private" : "network", replaces: []))
            return Plan(stream: isPrivate ? .local : .public, operations: operations, created: record)
        }
        guard let view else { throw .recordNotFound(change.record?.rawValue ?? "") }
        let stream: CommitStream = view.isPrivate ? .local : .public
        let record = view.id
        switch change {
        case .create: fatalError("handled above")
        case .edit(_, let assignments):
            guard view.state == .alive else { throw .recordDeleted(record) }
            var operations: [CatalogueOperation] = []
            for assignment in assignments {
                if case .register(let key, let value) = assignment, key.field == "visibility" {
                    if value == "private" && !view.isPrivate { throw .cannotMakePrivate(record) }
                    if value == "network" && view.isPrivate {
                        throw .syntax("visibility=network (use `mosaic record publish` to share a private record)")
                    }
                }
                operations += try assign(assignment, record: record, type: view.type, current: view)
            }
            guard !operations.isEmpty else { throw .nothingToChange }
            var titles = Set(view.languages(of: "title"))
            for case .register(let key, let value) in assignments where key.field == "title" {
                if let lang = key.lang { if value.isEmpty { titles.remove(lang) } else { titles.insert(lang) } }
            }
            guard !titles.isEmpty else { throw .lastTitle }
            return Plan(stream: stream, operations: operations, created: nil)
        case .delete:
            guard view.state == .alive else { throw .recordDeleted(record) }
            return Plan(stream: stream, operations: [.delete(record: record, seen: liveWrites(view))], created: nil)
        case .resolve(let conflict, let resolution):
            guard view.conflicts.contains(conflict) else { throw .conflictNotOpen(conflict.id) }
            switch (conflict.kind, resolution) {
            case (.register(let key), .value(let value)):
                try validate(key.field, value, type: view.type)
                let siblings = view.registers[key]?.siblings.map(\.id) ?? []
                return Plan(
                    stream: stream, operations: [.set(record: record, field: key.field, lang: key.lang, value: value, replaces: siblings)],
                    created: nil)
            case (.deleteVsEdit, .keep):
                return Plan(stream: stream, operations: [.restore(record: record, deletes: view.openDeletes)], created: nil)
            case (.deleteVsEdit, .delete):
                return Plan(stream: stream, operations: [.delete(record: record, seen: liveWrites(view))], created: nil)
            case (.register, _):
                throw .syntax("a field conflict is resolved with a value (--value TEXT)")
            case (.deleteVsEdit, .value):
                throw .syntax("a delete-vs-edit conflict is resolved with --keep or --delete")
            }
        case .accept(_, let proposalID), .dismiss(_, let proposalID):
            guard let proposal = view.proposals.first(where: { $0.id == proposalID }) else {
                throw .proposalNotFound(proposalID.description)
            }
            let dismiss = CatalogueOperation.dismiss(record: record, proposals: [proposal.id])
            guard case .accept = change else { return Plan(stream: stream, operations: [dismiss], created: nil) }
            let operations: [CatalogueOperation]
            switch proposal.change {
            case .set(let key, let value):
                let siblings = view.registers[key]?.siblings.map(\.id) ?? []
                operations = [
                    .set(record: record, field: key.field, lang: key.lang, value: NormalForm.nfc(value), replaces: siblings + [proposal.id])
                ]
            case .add(let field, let value): operations = [.add(record: record, field: field, value: NormalForm.nfc(value)), dismiss]
            case .remove(let field, let value):
                operations = [.remove(record: record, field: field, value: value, tags: tags(of: value, in: field, view)), dismiss]
            case .delete: operations = [.delete(record: record, seen: liveWrites(view)), dismiss]
            }
            return Plan(stream: stream, operations: operations, created: nil)
        case .confirm(_, let key):
            guard view.state == .alive else { throw .recordDeleted(record) }
            return Plan(stream: stream, operations: [try confirmation(of: key, in: view)], created: nil)
        case .publish:
            guard view.isPrivate else { throw .alreadyPublic(record) }
            guard view.state == .alive else { throw .recordDeleted(record) }
            var operations: [CatalogueOperation] = [.create(record: record, type: view.type, nonce: view.nonce)]
            for (key, register) in view.registers.sorted(by: { $0.key < $1.key })
            where key.field != "visibility" && !register.current.value.isEmpty {
                let value = NormalForm.nfc(register.current.value)
                operations.append(.set(record: record, field: key.field, lang: key.lang, value: value, replaces: []))
            }
            for (field, elements) in view.sets.sorted(by: { $0.key < $1.key }) {
                // Canonically equivalent elements (NFC and NFD from older nodes) become one.
                var seen: Set<String> = []
                for element in elements where seen.insert(NormalForm.nfc(element.value)).inserted {
                    operations.append(.add(record: record, field: field, value: NormalForm.nfc(element.value)))
                }
            }
            operations.append(.set(record: record, field: "visibility", lang: nil, value: "network", replaces: []))
            return Plan(stream: .public, operations: operations, created: nil)
        }
    }

    /// The confirmation of `key`: its one current value written again, replacing that write, which
    /// the merge reads as "still right" (``TranslationFreshness``). Only a stale language with
    /// exactly one current value can be confirmed; an edit that leaves a value unchanged stays a no-op.
    static func confirmation(of key: RegisterKey, in view: RecordView) throws(AuthoringError) -> CatalogueOperation {
        guard CatalogueSchema.fields[key.field]?.kind == .multilingual, key.lang != nil else {
            throw .cannotConfirm(key.description, reason: "only a language of a text field (title.en, summary.fr …) is confirmed")
        }
        try requireField(key.field, type: view.type)
        guard let siblings = view.registers[key]?.siblings, !siblings[0].value.isEmpty else {
            throw .cannotConfirm(key.description, reason: "the record has no text in this language; write one instead")
        }
        guard siblings.count == 1 else {
            throw .cannotConfirm(key.description, reason: "it holds \(siblings.count) competing values; resolve the conflict instead")
        }
        guard view.stale[key] != nil else {
            throw .cannotConfirm(key.description, reason: "it is not marked as out of date")
        }
        return .set(record: view.id, field: key.field, lang: key.lang, value: siblings[0].value, replaces: [siblings[0].id])
    }

    /// Every live write of a record: register siblings and live set tags (what a delete has seen).
    static func liveWrites(_ view: RecordView) -> [WriteID] {
        view.registers.values.flatMap { $0.siblings.map(\.id) } + view.sets.values.flatMap { $0.flatMap { $0.adds.map(\.id) } }
    }

    /// The tags of every element canonically equivalent to `value` (an NFD element from a peer
    /// and its NFC form are one tag to a reader, so a remove removes both).
    private static func tags(of value: String, in field: String, _ view: RecordView?) -> [WriteID] {
        let wanted = NormalForm.nfc(value)
        return view?.sets[field]?.filter { NormalForm.nfc($0.value) == wanted }.flatMap { $0.adds.map(\.id) } ?? []
    }

    private static func requireField(_ field: String, type: RecordType) throws(AuthoringError) {
        guard CatalogueSchema.fields[field]?.types.contains(type) == true else { throw .unknownField(field, type: type) }
    }

    private static func validate(_ field: String, _ value: String, type: RecordType) throws(AuthoringError) {
        try requireField(field, type: type)
        let spec = CatalogueSchema.fields[field]!
        guard spec.isValid(value, for: type) else { throw .invalidValue(field: field, value: value, rule: spec.rule) }
    }

    private static func assign(_ assignment: FieldAssignment, record: RecordID, type: RecordType, current: RecordView?)
        throws(AuthoringError) -> [CatalogueOperation]
    {
        switch assignment {
        case .register(let key, let value):
            try validate(key.field, value, type: type)
            let siblings = current?.registers[key]?.siblings ?? []
            if siblings.count == 1, siblings[0].value == value { return [] }
            if siblings.isEmpty, value.isEmpty { return [] }
            return [.set(record: record, field: key.field, lang: key.lang, value: value, replaces: siblings.map(\.id))]
        case .replaceSet(let field, let values):
            try requireField(field, type: type)
            for value in values { try validate(field, value, type: type) }
            let present = Set(current?.values(field) ?? [])
            let wanted = Set(values)
            let removals = present.subtracting(wanted).sorted().map {
                CatalogueOperation.remove(record: record, field: field, value: $0, tags: tags(of: $0, in: field, current))
            }
            return removals + wanted.subtracting(present).sorted().map { .add(record: record, field: field, value: $0) }
        case .add(let field, let value):
            try validate(field, value, type: type)
            if current?.values(field).contains(value) == true { return [] }
            return [.add(record: record, field: field, value: value)]
        case .remove(let field, let value):
            try requireField(field, type: type)
            let tags = tags(of: value, in: field, current)
            return tags.isEmpty ? [] : [.remove(record: record, field: field, value: value, tags: tags)]
        }
    }
}
