import MosaicCore

/// One line of a record page's history in the reader's language (`Titel (Französisch) auf „…“
/// gesetzt`): field names, slugs, countries, languages, members and dates shown as on the rest of
/// the page. The API keeps its own English one-liner (``RecordDetail/describe(_:)``).
enum HistoryText {
    /// Longest excerpt of a written value shown in a line, in characters.
    static let excerpt = 80

    /// The line for `operation` in `language`; `name` turns a member id into its name.
    /// - Parameter confirmation: the write confirms a language as still right (``RecordOperation/confirmations(in:)``).
    static func describe(_ operation: CatalogueOperation, confirmation: Bool = false, language: UILanguage, name: (String) -> String)
        -> String
    {
        func shown(_ field: String, _ value: String) -> String {
            String(RecordPage.label(field, value, language: language, name: name).prefix(excerpt))
        }
        switch operation {
        case .create(_, let type, _):
            return language.format("historyCreate", ["type": language.label(.type, type.rawValue)])
        case .set(_, let field, let lang, let value, _):
            let label = RecordPage.fieldLabel(lang.map { "\(field).\($0.rawValue)" } ?? field, language: language)
            if confirmation { return language.format("historyConfirm", ["field": label]) }
            if value.isEmpty { return language.format("historyClear", ["field": label]) }
            return language.format("historySet", ["field": label, "value": shown(field, value)])
        case .add(_, let field, let value):
            return language.format("historyAdd", ["field": RecordPage.fieldLabel(field, language: language), "value": shown(field, value)])
        case .remove(_, let field, let value, _):
            return language.format(
                "historyRemove", ["field": RecordPage.fieldLabel(field, language: language), "value": shown(field, value)])
        case .delete: return language.word("historyDelete")
        case .restore: return language.word("historyRestore")
        case .dismiss(_, let proposals):
            return language.format("historyDismiss", ["count": language.number(proposals.count)])
        case .unknown(let operation):
            return language.format("historyUnknown", ["kind": String(operation.kind.prefix(64))])
        }
    }
}
