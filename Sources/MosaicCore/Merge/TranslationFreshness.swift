/// Why one language of a multilingual field may be out of date: another language of the same
/// field was rewritten after this one was last written or confirmed.
public struct StaleTranslation: Sendable, Hashable {
    /// The language whose text was rewritten.
    public let changedLanguage: LanguageTag
    /// The rewrite that made this language stale; its author is the write id's origin.
    public let write: WriteID
    /// When the rewrite was made.
    public let hlc: HybridTimestamp

    public init(changedLanguage: LanguageTag, write: WriteID, hlc: HybridTimestamp) {
        self.changedLanguage = changedLanguage
        self.write = write
        self.hlc = hlc
    }
}

/// The staleness rule of multilingual fields, derived from the operations only, so that every
/// node holding the same commits marks the same languages (docs/PROTOCOL.md, "Translations kept fresh").
///
/// - A **rewrite** of language L' is an authorised `set` with a non-empty value whose `replaces`
///   is non-empty and not a confirmation: it changes existing text. A first translation
///   (`replaces` empty) is not a rewrite.
/// - A **confirmation** of L is a `set` whose value equals the value of every write it replaces:
///   it refreshes L and is never a rewrite.
/// - Language L (with a value) is stale when a rewrite of another language L' (still holding a
///   value) has an HLC later than every current write of L; the latest such rewrite is named.
enum TranslationFreshness {
    /// The stale languages of every multilingual field of a record.
    /// - Parameters:
    ///   - registers: the record's merged registers.
    ///   - allowed: the authorised operations (proposals never stale anything).
    ///   - all: every operation of the record, where replaced values are looked up.
    static func stale(registers: [RegisterKey: RegisterState], allowed: [RecordOperation], all: [RecordOperation])
        -> [RegisterKey: StaleTranslation]
    {
        // Candidates first: most records hold no write replacing a translation, and pay nothing more.
        let candidates = allowed.filter {
            guard case .set(_, let field, _?, let value, let replaces) = $0.operation else { return false }
            return !value.isEmpty && !replaces.isEmpty && CatalogueSchema.fields[field]?.kind == .multilingual
        }
        guard !candidates.isEmpty else { return [:] }
        var values: [WriteID: String] = [:]
        for op in all { if case .set(_, _, _, let value, _) = op.operation { values[op.id] = value } }
        // The latest rewrite of each language of each multilingual field.
        var latestRewrite: [RegisterKey: RecordOperation] = [:]
        for op in candidates {
            guard case .set(_, let field, let lang?, let value, let replaces) = op.operation,
                !isConfirmation(value: value, replaces: replaces, values: values)
            else { continue }
            let key = RegisterKey(field: field, lang: lang)
            if let known = latestRewrite[key], (known.hlc, known.id) >= (op.hlc, op.id) { continue }
            latestRewrite[key] = op
        }
        guard !latestRewrite.isEmpty else { return [:] }
        var stale: [RegisterKey: StaleTranslation] = [:]
        for (key, register) in registers {
            guard let lang = key.lang, !register.current.value.isEmpty else { continue }
            let freshAt = register.siblings.map(\.hlc).max()!
            let cause =
                latestRewrite
                .filter { other, rewrite in
                    other.field == key.field && other.lang != lang && rewrite.hlc > freshAt
                        && registers[other].map { !$0.current.value.isEmpty } == true
                }
                .max { ($0.value.hlc, $0.value.id) < ($1.value.hlc, $1.value.id) }
            if let cause, let changed = cause.key.lang {
                stale[key] = StaleTranslation(changedLanguage: changed, write: cause.value.id, hlc: cause.value.hlc)
            }
        }
        return stale
    }

    /// Whether a `set` of `value` replacing `replaces` keeps the text as it was (a confirmation).
    /// A replaced write this node does not hold counts as different text.
    static func isConfirmation(value: String, replaces: [WriteID], values: [WriteID: String]) -> Bool {
        !replaces.isEmpty && replaces.allSatisfy { values[$0] == value }
    }
}

extension RecordOperation {
    /// The writes among `operations` (one record's history) that confirm a language of a text as
    /// still right: a `set` keeping the text it replaces (``TranslationFreshness``), shown as
    /// "confirmed" rather than as a change in histories.
    public static func confirmations(in operations: [RecordOperation]) -> Set<WriteID> {
        var values: [WriteID: String] = [:]
        for operation in operations {
            if case .set(_, _, _, let value, _) = operation.operation { values[operation.id] = value }
        }
        return Set(
            operations.compactMap { operation in
                guard case .set(_, _, .some, let value, let replaces) = operation.operation,
                    TranslationFreshness.isConfirmation(value: value, replaces: replaces, values: values)
                else { return nil }
                return operation.id
            })
    }
}
