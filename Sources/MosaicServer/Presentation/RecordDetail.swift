import MosaicCore
import MosaicStore

/// A field's value in the import format: texts by language, a list, or one value.
enum FieldValue: Codable, Sendable, Hashable {
    case texts([String: String])
    case list([String])
    case single(String)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .texts(let texts): try container.encode(texts)
        case .list(let values): try container.encode(values)
        case .single(let value): try container.encode(value)
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let texts = try? container.decode([String: String].self) {
            self = .texts(texts)
        } else if let values = try? container.decode([String].self) {
            self = .list(values)
        } else {
            self = .single(try container.decode(String.self))
        }
    }
}

/// One value of a record with where it came from.
struct ProvenanceEntry: Codable, Sendable {
    let field: String
    let value: String
    let by: String
    let at: String
    let write: String
    let arrivedFrom: String?
    let arrivedAt: String?
    /// Whether `by` was revoked since (a former member): what it wrote stays, shown as such.
    var formerMember = false

    enum CodingKeys: String, CodingKey {
        case field, value, by, at, write, arrivedFrom = "arrived_from", arrivedAt = "arrived_at", formerMember = "former_member"
    }

    /// A write made on this node is written with `"arrived_from": null`.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field, forKey: .field)
        try container.encode(value, forKey: .value)
        try container.encode(by, forKey: .by)
        try container.encode(at, forKey: .at)
        try container.encode(write, forKey: .write)
        try container.encode(arrivedFrom, forKey: .arrivedFrom)
        try container.encode(arrivedAt, forKey: .arrivedAt)
        try container.encode(formerMember, forKey: .formerMember)
    }
}

/// One operation in a record's history.
struct HistoryEntry: Codable, Sendable {
    let write: String
    let by: String
    let at: String
    let change: String
    /// Whether `by` was revoked since (a former member).
    var formerMember = false
    /// The operation itself, for the page's line in the reader's language (``HistoryText``); not in the JSON.
    var operation: CatalogueOperation? = nil
    /// The write confirms a language as still right (in `change`; for the page's line).
    var isConfirmation = false

    enum CodingKeys: String, CodingKey {
        case write, by, at, change, formerMember = "former_member"
    }
}

/// An open conflict with every competing value, as `GET /api/v1/conflicts`, the conflicts page and
/// `mosaic conflicts list --json` show it (one shape, one set of field names).
///
/// A field conflict lists its `values`; a delete-vs-edit conflict names who deleted and when
/// (`deleted_by`, `deleted_at`: the latest open delete) and every edit the delete had not seen
/// (`edited_by`: member, RFC 3339 time, write id, oldest first). The fields of the other kind are
/// `null` or empty.
public struct ConflictItem: Codable, Sendable {
    /// One competing value.
    public struct Value: Codable, Sendable {
        public let value: String
        public let by: String
        public let at: String
        public let write: String
    }

    /// One edit a delete had not seen.
    public struct Edit: Codable, Sendable {
        public let member: String
        public let at: String
        public let write: String
    }

    public let id: String
    public let record: String
    public let recordTitle: String
    public let field: String
    public let kind: String
    public let values: [Value]
    public let deletedBy: String?
    public let deletedAt: String?
    public let editedBy: [Edit]

    enum CodingKeys: String, CodingKey {
        case id, record, recordTitle = "record_title", field, kind, values, deletedBy = "deleted_by", deletedAt = "deleted_at"
        case editedBy = "edited_by"
    }

    /// Absent values are written as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(record, forKey: .record)
        try container.encode(recordTitle, forKey: .recordTitle)
        try container.encode(field, forKey: .field)
        try container.encode(kind, forKey: .kind)
        try container.encode(values, forKey: .values)
        try container.encode(deletedBy, forKey: .deletedBy)
        try container.encode(deletedAt, forKey: .deletedAt)
        try container.encode(editedBy, forKey: .editedBy)
    }

    /// - Parameter operations: the record's operations (``NodeCatalogue/history(_:)``), where the times of
    ///   a delete-vs-edit conflict's deletes and edits come from; unused for a field conflict.
    public init(_ conflict: Conflict, view: RecordView, operations: [RecordOperation], language: UILanguage) {
        id = conflict.id
        record = view.id.rawValue
        recordTitle = RecordSummary(view, language: language).titleShown?.text ?? view.id.rawValue
        switch conflict.kind {
        case .register(let key):
            field = key.description
            kind = "field"
            values = (view.registers[key]?.siblings ?? []).map {
                Value(value: $0.value, by: $0.id.origin.rawValue, at: Moment.rfc3339($0.hlc.wallMillis), write: $0.id.description)
            }
            deletedBy = nil
            deletedAt = nil
            editedBy = []
        case .deleteVsEdit:
            field = "delete"
            kind = "delete"
            values = []
            let clocks = Dictionary(operations.map { ($0.id, $0.hlc) }, uniquingKeysWith: { first, _ in first })
            // A write whose operation is not in `operations` sorts first and shows no time.
            let clock = { (id: WriteID) in clocks[id] ?? HybridTimestamp(wallMillis: 0, counter: 0) }
            let latestDelete = view.openDeletes.max { (clock($0), $0) < (clock($1), $1) }
            deletedBy = latestDelete?.origin.rawValue
            deletedAt = latestDelete.flatMap { clocks[$0] }.map { Moment.rfc3339($0.wallMillis) }
            editedBy = view.uncoveredByDelete.sorted { (clock($0), $0) < (clock($1), $1) }.map {
                Edit(member: $0.origin.rawValue, at: clocks[$0].map { Moment.rfc3339($0.wallMillis) } ?? "", write: $0.description)
            }
        }
    }

    /// The open conflicts of `catalogue` (private records only when `includePrivate`), with the
    /// history of each record in a delete-vs-edit conflict read for its times.
    public static func open(in catalogue: NodeCatalogue, includePrivate: Bool, language: UILanguage) async throws -> [ConflictItem] {
        var items: [ConflictItem] = []
        for (conflict, view) in try await catalogue.conflicts() where includePrivate || !view.isPrivate {
            let operations = conflict.kind == .deleteVsEdit ? try await catalogue.history(view.id) : []
            items.append(ConflictItem(conflict, view: view, operations: operations, language: language))
        }
        return items
    }
}

/// An open proposal: a change a non-owner made to a record.
struct ProposalItem: Codable, Sendable {
    /// What it would change (`field` and `value` are `null` for a delete).
    struct Change: Codable, Sendable {
        let kind: String
        let field: String?
        let value: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encode(field, forKey: .field)
            try container.encode(value, forKey: .value)
        }
    }

    let id: String
    let record: String
    let recordTitle: String
    let by: String
    let at: String
    let change: Change

    enum CodingKeys: String, CodingKey {
        case id, record, recordTitle = "record_title", by, at, change
    }

    init(_ proposal: Proposal, view: RecordView, language: UILanguage) {
        id = proposal.id.description
        record = view.id.rawValue
        recordTitle = RecordSummary(view, language: language).titleShown?.text ?? view.id.rawValue
        by = proposal.id.origin.rawValue
        at = Moment.rfc3339(proposal.hlc.wallMillis)
        switch proposal.change {
        case .set(let key, let value): change = Change(kind: "set", field: key.description, value: value)
        case .add(let field, let value): change = Change(kind: "add", field: field, value: value)
        case .remove(let field, let value): change = Change(kind: "remove", field: field, value: value)
        case .delete: change = Change(kind: "delete", field: nil, value: nil)
        }
    }
}

/// A record with all it shows: values, provenance, history, open conflicts and proposals.
struct RecordDetail: Codable, Sendable {
    let summary: RecordSummary
    let fields: [String: FieldValue]
    let provenance: [ProvenanceEntry]
    /// Each language of each multilingual field: author, time, and whether it may be out of date.
    let translations: [TranslationEntry]
    let history: [HistoryEntry]
    let conflicts: [ConflictItem]
    let proposals: [ProposalItem]
    /// Set when the record holds operations of a newer protocol version that this node does not
    /// understand (shown without them): what they are, in words. `null` otherwise.
    var needsNewerMosaic: String?
    /// Whether the record's owner was revoked since (a former member): the record stays, shown as its.
    var ownerFormerMember = false

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(ownerFormerMember, forKey: .ownerFormerMember)
        try container.encode(needsNewerMosaic, forKey: .needsNewerMosaic)
        try container.encode(fields, forKey: .fields)
        try container.encode(provenance, forKey: .provenance)
        try container.encode(translations, forKey: .translations)
        try container.encode(history, forKey: .history)
        try container.encode(conflicts, forKey: .conflicts)
        try container.encode(proposals, forKey: .proposals)
    }

    init(from decoder: any Decoder) throws {
        summary = try RecordSummary(from: decoder)
        let container = try decoder.container(keyedBy: Keys.self)
        fields = try container.decode([String: FieldValue].self, forKey: .fields)
        provenance = try container.decode([ProvenanceEntry].self, forKey: .provenance)
        translations = try container.decodeIfPresent([TranslationEntry].self, forKey: .translations) ?? []
        history = try container.decode([HistoryEntry].self, forKey: .history)
        conflicts = try container.decode([ConflictItem].self, forKey: .conflicts)
        proposals = try container.decode([ProposalItem].self, forKey: .proposals)
        needsNewerMosaic = try container.decodeIfPresent(String.self, forKey: .needsNewerMosaic)
        ownerFormerMember = try container.decodeIfPresent(Bool.self, forKey: .ownerFormerMember) ?? false
    }

    private enum Keys: String, CodingKey {
        case fields, provenance, history, conflicts, proposals, translations
        case needsNewerMosaic = "needs_newer_mosaic", ownerFormerMember = "owner_former_member"
    }

    /// Reads a record and everything shown with it, or `nil` when unknown.
    static func load(_ id: RecordID, from catalogue: NodeCatalogue, language: UILanguage) async throws -> RecordDetail? {
        guard let view = try await catalogue.record(id) else { return nil }
        let operations = try await catalogue.history(id)
        let arrivals = try await catalogue.arrivals(of: operations.map(\.id))
        var detail = RecordDetail(
            view: view, operations: operations, arrivals: arrivals, language: language,
            formerMembers: catalogue.effectiveDirectory.formerMembers)
        detail.needsNewerMosaic = try await catalogue.newerVersionNeeded(id)?.message
        return detail
    }

    /// - Parameter formerMembers: revoked members, whose writes are marked `former_member`.
    init(
        view: RecordView, operations: [RecordOperation], arrivals: [WriteID: Arrival], language: UILanguage,
        formerMembers: Set<MemberID> = []
    ) {
        summary = RecordSummary(view, language: language)
        ownerFormerMember = formerMembers.contains(view.owner)
        var fields: [String: FieldValue] = [:]
        var provenance: [ProvenanceEntry] = []
        func entry(_ field: String, _ write: Write) -> ProvenanceEntry {
            let arrival = arrivals[write.id]
            return ProvenanceEntry(
                field: field, value: write.value, by: write.id.origin.rawValue, at: Moment.rfc3339(write.hlc.wallMillis),
                write: write.id.description, arrivedFrom: arrival?.relay?.rawValue,
                arrivedAt: arrival.map { Moment.rfc3339($0.receivedAt) },
                formerMember: formerMembers.contains(write.id.origin))
        }
        for field in CatalogueSchema.fieldNames(of: view.type) {
            switch CatalogueSchema.fields[field]!.kind {
            case .multilingual:
                var texts: [String: String] = [:]
                for lang in view.languages(of: field) {
                    let key = RegisterKey(field: field, lang: lang)
                    texts[lang.rawValue] = view.value(key)
                    provenance.append(entry(key.description, view.registers[key]!.current))
                }
                if !texts.isEmpty { fields[field] = .texts(texts) }
            case .set:
                let elements = view.sets[field] ?? []
                if !elements.isEmpty { fields[field] = .list(elements.map(\.value)) }
                provenance += elements.compactMap { element in element.adds.first.map { entry(field, $0) } }
            case .register:
                let key = RegisterKey(field: field)
                if let value = view.value(key) {
                    fields[field] = .single(value)
                    provenance.append(entry(field, view.registers[key]!.current))
                }
            }
        }
        self.fields = fields
        self.provenance = provenance
        translations = TranslationEntry.all(of: view)
        let confirmations = RecordOperation.confirmations(in: operations)
        history = operations.reversed().map {
            let confirmation = confirmations.contains($0.id)
            return HistoryEntry(
                write: $0.id.description, by: $0.author.rawValue, at: Moment.rfc3339($0.hlc.wallMillis),
                change: Self.describe($0.operation, confirmation: confirmation),
                formerMember: formerMembers.contains($0.author), operation: $0.operation, isConfirmation: confirmation)
        }
        conflicts = view.conflicts.map { ConflictItem($0, view: view, operations: operations, language: language) }
        proposals = view.proposals.map { ProposalItem($0, view: view, language: language) }
    }

    /// A one-line description of an operation: `set title.fr`, `add themes: training`.
    /// - Parameter confirmation: the write confirms a language as still right (``RecordOperation/confirmations(in:)``).
    static func describe(_ operation: CatalogueOperation, confirmation: Bool = false) -> String {
        if confirmation, case .set(_, let field, let lang, _, _) = operation {
            return "confirm \(lang.map { "\(field).\($0)" } ?? field) as still right"
        }
        return switch operation {
        case .create(_, let type, _): "create \(type.rawValue)"
        case .set(_, let field, let lang, let value, _):
            "set \(lang.map { "\(field).\($0)" } ?? field)" + (value.isEmpty ? " (cleared)" : ": \(value.prefix(80))")
        case .add(_, let field, let value): "add \(field): \(value.prefix(80))"
        case .remove(_, let field, let value, _): "remove \(field): \(value.prefix(80))"
        case .delete: "delete"
        case .restore: "restore"
        case .dismiss(_, let proposals): "dismiss \(proposals.count) proposal\(proposals.count == 1 ? "" : "s")"
        case .unknown(let operation): "\(operation.kind.prefix(64)) (needs a newer Mosaic)"
        }
    }
}
