import MosaicCore

/// A record as listings show it: its title in every language and the one shown to the reader.
struct RecordSummary: Codable, Sendable {
    /// A text with the language it is written in.
    struct ShownText: Codable, Sendable {
        let lang: String
        let text: String
    }

    let id: String
    let type: String
    let owner: String
    let isPrivate: Bool
    let state: String
    let title: [String: String]
    let titleShown: ShownText?
    let countries: [String]
    let themes: [String]
    let status: String?
    let lastChange: Moment
    /// The last change in milliseconds, for pages (not encoded).
    var lastChangeMillis: Int64 = 0

    enum CodingKeys: String, CodingKey {
        case id, type, owner, isPrivate = "private", state, title, titleShown = "title_shown", countries, themes, status
        case lastChange = "last_change"
    }

    /// Absent values are written as `null`, as the API describes them.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(owner, forKey: .owner)
        try container.encode(isPrivate, forKey: .isPrivate)
        try container.encode(state, forKey: .state)
        try container.encode(title, forKey: .title)
        try container.encode(titleShown, forKey: .titleShown)
        try container.encode(countries, forKey: .countries)
        try container.encode(themes, forKey: .themes)
        try container.encode(status, forKey: .status)
        try container.encode(lastChange, forKey: .lastChange)
    }

    init(_ view: RecordView, language: UILanguage) {
        id = view.id.rawValue
        type = view.type.rawValue
        owner = view.owner.rawValue
        isPrivate = view.isPrivate
        state = view.state.rawValue
        title = Dictionary(
            uniqueKeysWithValues: view.languages(of: "title").map { ($0.rawValue, view.value(RegisterKey(field: "title", lang: $0))!) })
        titleShown = view.text("title", preferring: Self.preference(language)).map { ShownText(lang: $0.lang.rawValue, text: $0.text) }
        countries = view.values("countries")
        themes = view.values("themes")
        status = view.value(RegisterKey(field: "status"))
        lastChange = Moment(millis: view.lastChange.wallMillis, by: view.lastChangeBy.rawValue)
        lastChangeMillis = view.lastChange.wallMillis
    }

    /// The languages to show a record in, best first: the reader's, then English and French.
    static func preference(_ language: UILanguage) -> [LanguageTag] {
        ([language.code] + ["en", "fr"]).compactMap(LanguageTag.init)
    }
}
