import MosaicCore

/// A mistake in the record form in the reader's language: the value not valid for a field (with the
/// field's rule from the locale file where it has one) and the last title cleared. Mistakes the form
/// cannot produce (unknown fields, proposals, commit sizes) keep Core's English description.
enum AuthoringErrorText {
    /// Longest excerpt of a refused value shown, in characters.
    static let excerpt = 80

    /// The sentence for `error` in `language`.
    static func describe(_ error: AuthoringError, language: UILanguage) -> String {
        switch error {
        case .invalidValue(let field, let value, let rule):
            let base = RegisterKey(field)?.field ?? field
            return language.format(
                "formInvalidValue",
                [
                    "value": String(value.prefix(excerpt)), "field": RecordPage.fieldLabel(field, language: language),
                    "rule": language.words["formRule.\(base)"] ?? rule,
                ])
        case .lastTitle: return language.word("formLastTitle")
        default: return error.description
        }
    }
}
