/// One operation of a record as the merge sees it: its id (author, stream, sequence), clock and content.
public struct RecordOperation: Sendable, Hashable {
    public let id: WriteID
    public let hlc: HybridTimestamp
    public let operation: CatalogueOperation

    public init(id: WriteID, hlc: HybridTimestamp, operation: CatalogueOperation) {
        self.id = id
        self.hlc = hlc
        self.operation = operation
    }

    /// The member who wrote it.
    public var author: MemberID { id.origin }
}

/// A register's name: a field, and for multilingual fields a language (`title.fr`).
public struct RegisterKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let field: String
    public let lang: LanguageTag?

    public init(field: String, lang: LanguageTag? = nil) {
        self.field = field
        self.lang = lang
    }

    /// Parses `field` or `field.lang`.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        guard let first = parts.first, let spec = CatalogueSchema.fields[first], spec.kind != .set else { return nil }
        if spec.kind == .multilingual {
            guard parts.count == 2, let lang = LanguageTag(parts[1]) else { return nil }
            self.init(field: first, lang: lang)
        } else {
            guard parts.count == 1 else { return nil }
            self.init(field: first)
        }
    }

    public var description: String { lang.map { "\(field).\($0)" } ?? field }
    public static func < (lhs: RegisterKey, rhs: RegisterKey) -> Bool { lhs.description < rhs.description }
}

/// One write of a value: who (the id's origin), when, what.
public struct Write: Sendable, Hashable {
    public let id: WriteID
    public let hlc: HybridTimestamp
    public let value: String

    public init(id: WriteID, hlc: HybridTimestamp, value: String) {
        self.id = id
        self.hlc = hlc
        self.value = value
    }

    /// The display order: greatest `(hlc, origin)` first, then write id.
    static func displayOrder(_ lhs: Write, _ rhs: Write) -> Bool {
        if lhs.hlc != rhs.hlc { return lhs.hlc > rhs.hlc }
        if lhs.id.origin != rhs.id.origin { return lhs.id.origin > rhs.id.origin }
        return lhs.id > rhs.id
    }
}

/// A register's merged state: its siblings (writes no other write replaces), the first of
/// which is displayed. Two or more differing siblings are a conflict.
public struct RegisterState: Sendable, Hashable {
    /// Siblings in display order; never empty.
    public let siblings: [Write]

    /// The displayed write.
    public var current: Write { siblings[0] }
    /// Whether coordinators must choose: siblings disagree.
    public var isConflict: Bool { Set(siblings.map(\.value)).count > 1 }
}

/// A set element present in the merged set, with the adds that keep it (its live tags).
public struct SetElement: Sendable, Hashable {
    public let value: String
    /// Live add writes, in display order (the first is shown as its author).
    public let adds: [Write]
}

/// An edit by a member who may not write this record: kept, shown to the owner, never the value.
public struct Proposal: Sendable, Hashable {
    /// What the proposal would change.
    public enum Change: Sendable, Hashable {
        case set(RegisterKey, String)
        case add(field: String, value: String)
        case remove(field: String, value: String)
        case delete
    }

    public let id: WriteID
    public let hlc: HybridTimestamp
    public let change: Change
}

/// Whether a record is shown.
public enum RecordState: String, Sendable, Hashable {
    case alive
    case deleted
}

/// A record as the merge materialises it from the set of its operations.
public struct RecordView: Sendable, Hashable {
    public init(
        id: RecordID, type: RecordType, owner: MemberID, nonce: String, isPrivate: Bool, state: RecordState, created: Write,
        lastChange: HybridTimestamp,
        lastChangeBy: MemberID, registers: [RegisterKey: RegisterState], sets: [String: [SetElement]], proposals: [Proposal],
        uncoveredByDelete: [WriteID], openDeletes: [WriteID], stale: [RegisterKey: StaleTranslation] = [:]
    ) {
        self.id = id
        self.type = type
        self.owner = owner
        self.nonce = nonce
        self.isPrivate = isPrivate
        self.state = state
        self.created = created
        self.lastChange = lastChange
        self.lastChangeBy = lastChangeBy
        self.registers = registers
        self.sets = sets
        self.proposals = proposals
        self.uncoveredByDelete = uncoveredByDelete
        self.openDeletes = openDeletes
        self.stale = stale
    }

    public let id: RecordID
    public let type: RecordType
    /// The creating member (the lead of a project).
    public let owner: MemberID
    /// The nonce its id derives from (publishing a private record re-uses it).
    public let nonce: String
    /// Whether the record lives in local-only commits (a private record).
    public let isPrivate: Bool
    public let state: RecordState
    /// When and by whom the record was created.
    public let created: Write
    /// Latest operation in the view.
    public let lastChange: HybridTimestamp
    /// Who made the latest operation.
    public let lastChangeBy: MemberID
    public let registers: [RegisterKey: RegisterState]
    /// Present elements of each set field, sorted by value.
    public let sets: [String: [SetElement]]
    /// Open proposals, oldest first.
    public let proposals: [Proposal]
    /// Live edits a delete had not seen (non-empty only for an alive record with open deletes).
    public let uncoveredByDelete: [WriteID]
    /// The open deletes (authorised, not restored).
    public let openDeletes: [WriteID]
    /// Languages of multilingual fields that may be out of date (`title.en`), each with the
    /// rewrite of another language that made it so (``TranslationFreshness``).
    public let stale: [RegisterKey: StaleTranslation]

    /// Whether the record needs a translation into `lang`: some multilingual field it has lacks
    /// `lang`, or holds it marked stale. The one rule the catalogue filter `needs_translation` uses.
    public func needsTranslation(into lang: LanguageTag) -> Bool {
        for field in CatalogueSchema.fieldNames(of: type) where CatalogueSchema.fields[field]?.kind == .multilingual {
            let present = languages(of: field)
            guard !present.isEmpty else { continue }
            if !present.contains(lang) || stale[RegisterKey(field: field, lang: lang)] != nil { return true }
        }
        return false
    }

    /// The displayed value of a register, `nil` when unset or cleared.
    public func value(_ key: RegisterKey) -> String? {
        registers[key].map(\.current.value).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The values of a set field.
    public func values(_ field: String) -> [String] { sets[field]?.map(\.value) ?? [] }

    /// Languages in which a multilingual field has a value.
    public func languages(of field: String) -> [LanguageTag] {
        registers.keys.filter { $0.field == field && value($0) != nil }.compactMap(\.lang).sorted()
    }

    /// The text of a multilingual field in the first available of `preferred`, then any language.
    public func text(_ field: String, preferring preferred: [LanguageTag] = []) -> (lang: LanguageTag, text: String)? {
        let available = languages(of: field)
        guard let lang = preferred.first(where: available.contains) ?? available.first else { return nil }
        return (lang, value(RegisterKey(field: field, lang: lang))!)
    }

    /// Open conflicts: registers whose siblings differ, and a delete-vs-edit conflict.
    public var conflicts: [Conflict] {
        var result = registers.filter { $0.value.isConflict }.keys.sorted().map {
            Conflict(record: id, kind: .register($0))
        }
        if !uncoveredByDelete.isEmpty { result.append(Conflict(record: id, kind: .deleteVsEdit)) }
        return result
    }
}

/// An open conflict on a record, with a stable id `record/field.lang` or `record/delete`.
public struct Conflict: Sendable, Hashable {
    /// What disagrees.
    public enum Kind: Sendable, Hashable {
        case register(RegisterKey)
        case deleteVsEdit
    }

    public let record: RecordID
    public let kind: Kind

    public init(record: RecordID, kind: Kind) {
        self.record = record
        self.kind = kind
    }

    /// Parses the stable id.
    public init?(id: String) {
        let parts = id.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let record = RecordID(parts[0]) else { return nil }
        if parts[1] == "delete" {
            self.init(record: record, kind: .deleteVsEdit)
        } else if let key = RegisterKey(parts[1]) {
            self.init(record: record, kind: .register(key))
        } else {
            return nil
        }
    }

    public var id: String {
        switch kind {
        case .register(let key): "\(record)/\(key)"
        case .deleteVsEdit: "\(record)/delete"
        }
    }
}
