import MosaicCore

/// One language of a multilingual field as the API, the record page and `mosaic record show`
/// show it: who wrote its current text (or last confirmed it), when, and whether it may be out
/// of date since another language of the field was rewritten (``RecordView/stale``).
///
/// JSON: `{"field": "title", "lang": "en", "by": member id, "at": RFC 3339, "write": write id,
/// "stale": null | {"changed_lang": "fr", "by": member id, "at": RFC 3339, "write": write id}}`.
public struct TranslationEntry: Codable, Sendable, Hashable {
    /// The rewrite that made a language stale.
    public struct Staleness: Codable, Sendable, Hashable {
        public let changedLang: String
        public let by: String
        public let at: String
        public let write: String

        enum CodingKeys: String, CodingKey {
            case by, at, write, changedLang = "changed_lang"
        }
    }

    public let field: String
    public let lang: String
    public let by: String
    public let at: String
    public let write: String
    public let stale: Staleness?

    enum CodingKeys: String, CodingKey {
        case field, lang, by, at, write, stale
    }

    /// A fresh language is written with `"stale": null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field, forKey: .field)
        try container.encode(lang, forKey: .lang)
        try container.encode(by, forKey: .by)
        try container.encode(at, forKey: .at)
        try container.encode(write, forKey: .write)
        try container.encode(stale, forKey: .stale)
    }

    /// Every language with text of every multilingual field of `view`, in schema then language order.
    public static func all(of view: RecordView) -> [TranslationEntry] {
        CatalogueSchema.fieldNames(of: view.type).filter { CatalogueSchema.fields[$0]?.kind == .multilingual }.flatMap { field in
            view.languages(of: field).compactMap { lang -> TranslationEntry? in
                let key = RegisterKey(field: field, lang: lang)
                guard let current = view.registers[key]?.current else { return nil }
                let stale = view.stale[key].map {
                    Staleness(
                        changedLang: $0.changedLanguage.rawValue, by: $0.write.origin.rawValue, at: Moment.rfc3339($0.hlc.wallMillis),
                        write: $0.write.description)
                }
                return TranslationEntry(
                    field: field, lang: lang.rawValue, by: current.id.origin.rawValue, at: Moment.rfc3339(current.hlc.wallMillis),
                    write: current.id.description, stale: stale)
            }
        }
    }
}
