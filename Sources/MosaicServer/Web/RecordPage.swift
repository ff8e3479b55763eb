import Hummingbird
import MosaicCore
import MosaicStore

/// `GET /records/{id}`: a record in the reader's language, with provenance, history, and its
/// open conflicts and proposals.
struct RecordPage: Sendable {
    /// One value of a field.
    struct FieldText: Sendable {
        let text: String
        let lang: String?
        let note: String?
        let href: String?
    }

    /// A field with its values.
    struct FieldRow: Sendable {
        let label: String
        let values: [FieldText]
        let isLong: Bool
        /// A set field: its values are shown as tags.
        let isSet: Bool
    }

    /// Who wrote one value, when, and how it arrived.
    struct ProvenanceRow: Sendable {
        let field: String
        let value: String
        let author: String
        let at: String
        /// `at` for people.
        let atText: String
        let arrivedFrom: String
    }

    /// One operation of the history.
    struct HistoryRow: Sendable {
        let at: String
        /// `at` for people.
        let atText: String
        let author: String
        let change: String
    }

    /// One language of a multilingual field: who wrote it and when, and a "may be out of date"
    /// marker naming the language whose change made it so (with a confirm button for editors).
    struct TranslationRow: Sendable {
        let field: String
        let fieldLabel: String
        let lang: String
        let languageName: String
        let author: String
        let at: String
        /// `at` for people.
        let atText: String
        /// The marker, when another language changed after this one was written or confirmed.
        let stale: String?
        /// Whether the reader may confirm it (an editor, the language stale).
        let canConfirm: Bool
    }

    /// A link to something open on the record.
    struct OpenItem: Sendable {
        let label: String
        let href: String
    }

    /// The page's body.
    struct Body: Sendable {
        let id: String
        let title: String
        let titleLang: String
        let languageNote: String?
        let typeLabel: String
        let owner: String
        let lastChange: String
        let isDeleted: Bool
        let isPrivate: Bool
        let otherLanguages: String
        let fields: [FieldRow]
        let provenance: [ProvenanceRow]
        let translations: [TranslationRow]
        /// Whether the record has texts to list (templates cannot count).
        let hasTranslations: Bool
        let history: [HistoryRow]
        let conflicts: [OpenItem]
        let proposals: [OpenItem]
        let canEdit: Bool
        /// Whether there are conflicts or proposals to list (templates cannot count).
        let hasConflicts: Bool
        let hasProposals: Bool
        /// Set when the record needs a newer Mosaic (operations of a newer protocol version not shown).
        var needsNewerMosaic: String? = nil
        /// Why the reader's last action (a confirmation) was refused.
        var error: String? = nil
    }

    let web: WebContext

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        let web = self.web
        routes.add(.get, "/records/{id}", access: .reader) { request, context -> HTML in
            let id = try WebContext.recordID(context)
            return try await Self.page(id, web: web, context: context, notice: WebContext.notice(request, context.language))
        }

        // "Confirm still right": one signed commit writing the language's text again (RecordChange.confirm).
        routes.add(.post, "/records/{id}/confirm", access: .editor, changesState: true) { request, context -> Response in
            let id = try WebContext.recordID(context)
            let form = try await FormData.read(request, context: context)
            guard let field = form["field"], let lang = form["lang"] else {
                throw HTTPError(.badRequest, message: "The form lacks the field or the language to confirm.")
            }
            do {
                try await web.actions.confirm(id, field: field, lang: lang)
                return WebContext.redirect("/records/\(id.rawValue)?notice=confirmed#translations")
            } catch let error as AuthoringError {
                return try await Self.page(id, web: web, context: context, error: error.description, status: .unprocessableContent)
                    .response(from: request, context: context)
            }
        }
    }

    /// The record page, or 404 for an unknown record (or a private one for a visitor without an account).
    static func page(
        _ id: RecordID, web: WebContext, context: NodeRequestContext, notice: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> HTML {
        guard let detail = try await RecordDetail.load(id, from: web.catalogue, language: context.language),
            let view = try await web.catalogue.record(id), !(view.isPrivate && context.account == nil)
        else { throw HTTPError(.notFound, message: "No record \(id.rawValue) on this node.") }
        var body = Self.body(view, detail, web: web, context: context)
        body.error = error
        body.needsNewerMosaic = try await web.catalogue.newerVersionNeeded(id).map {
            context.language.format(
                "needsNewerMosaic", ["protocol": $0.version.description, "kinds": $0.kinds.joined(separator: ", ")])
        }
        return try web.renderer.page("record", title: body.title, body: body, context: context, status: status, notice: notice)
    }

    static func body(_ view: RecordView, _ detail: RecordDetail, web: WebContext, context: NodeRequestContext) -> Body {
        let language = context.language
        let word = language.word
        let preferred = RecordSummary.preference(language)
        var rows: [FieldRow] = []
        for field in CatalogueSchema.fieldNames(of: view.type) where field != "title" {
            let spec = CatalogueSchema.fields[field]!
            var values: [FieldText] = []
            switch spec.kind {
            case .multilingual:
                if let shown = view.text(field, preferring: preferred) {
                    let note =
                        shown.lang == preferred.first
                        ? nil : language.format("shownIn", ["language": language.languageName(shown.lang.rawValue)])
                    values = [FieldText(text: shown.text, lang: shown.lang.rawValue, note: note, href: nil)]
                }
            case .set:
                values = view.values(field).map { value in
                    let isWeb = field == "links" && (value.hasPrefix("https://") || value.hasPrefix("http://"))
                    let shown = Self.label(field, value, language: language, web: web)
                    return FieldText(text: shown, lang: nil, note: nil, href: isWeb ? value : nil)
                }
            case .register:
                if let value = view.value(RegisterKey(field: field)), field != "visibility" {
                    values = [FieldText(text: Self.label(field, value, language: language, web: web), lang: nil, note: nil, href: nil)]
                }
            }
            if !values.isEmpty {
                rows.append(
                    FieldRow(label: word("fieldsOf.\(field)"), values: values, isLong: spec.kind == .multilingual, isSet: spec.kind == .set)
                )
            }
        }
        let title = detail.summary.titleShown
        let canConfirm = context.holds(.editor) && view.state == .alive
        let translations = detail.translations.map { entry in
            TranslationRow(
                field: entry.field, fieldLabel: word("fieldsOf.\(entry.field)"), lang: entry.lang,
                languageName: language.languageName(entry.lang), author: web.author(entry.by, language), at: entry.at,
                atText: language.time(entry.at),
                stale: entry.stale.map {
                    language.format(
                        "freshMayBeOutOfDate",
                        ["language": language.languageName($0.changedLang), "date": language.time($0.at), "member": web.name($0.by)])
                },
                canConfirm: canConfirm && entry.stale != nil && Self.hasOneValue(view, field: entry.field, lang: entry.lang)
                    && LanguageTag(entry.lang).map { web.catalogue.mayWrite(RegisterKey(field: entry.field, lang: $0), of: view) } == true)
        }
        return Body(
            id: view.id.rawValue, title: title?.text ?? view.id.rawValue, titleLang: title?.lang ?? "",
            languageNote: title.flatMap {
                $0.lang == preferred.first?.rawValue ? nil : language.format("shownIn", ["language": language.languageName($0.lang)])
            },
            typeLabel: language.label(.type, view.type.rawValue), owner: web.author(view.owner.rawValue, language),
            lastChange: language.format(
                "lastChangeBy", ["date": language.time(millis: view.lastChange.wallMillis), "member": web.name(view.lastChangeBy.rawValue)]),
            isDeleted: view.state == .deleted, isPrivate: view.isPrivate,
            otherLanguages: view.languages(of: "title").map(\.rawValue).filter { $0 != title?.lang }.map(language.languageName)
                .joined(separator: ", "),
            fields: rows,
            provenance: detail.provenance.map {
                ProvenanceRow(
                    field: Self.fieldLabel($0.field, language: language),
                    value: String(Self.label(RegisterKey($0.field)?.field ?? $0.field, $0.value, language: language, web: web).prefix(300)),
                    author: web.author($0.by, language), at: $0.at, atText: language.time($0.at),
                    arrivedFrom: $0.arrivedFrom.map { web.name($0) } ?? word("madeHere"))
            },
            translations: translations,
            hasTranslations: !translations.isEmpty,
            history: detail.history.prefix(200).map { entry in
                HistoryRow(
                    at: entry.at, atText: language.time(entry.at), author: web.author(entry.by, language),
                    change: entry.operation.map {
                        HistoryText.describe($0, confirmation: entry.isConfirmation, language: language, name: web.name)
                    } ?? entry.change)
            },
            conflicts: detail.conflicts.map {
                OpenItem(label: Self.fieldLabel($0.field, language: language), href: "/conflicts#c-\(Self.anchor($0.id))")
            },
            proposals: detail.proposals.map {
                OpenItem(
                    label: "\(web.name($0.by)): \($0.change.kind) \($0.change.field ?? "")", href: "/proposals#p-\(Self.anchor($0.id))")
            },
            canEdit: context.account != nil && view.state == .alive, hasConflicts: !detail.conflicts.isEmpty,
            hasProposals: !detail.proposals.isEmpty)
    }

    /// Whether a language of a text holds exactly one value (a conflict is resolved, not confirmed).
    static func hasOneValue(_ view: RecordView, field: String, lang: String) -> Bool {
        LanguageTag(lang).map { view.registers[RegisterKey(field: field, lang: $0)]?.siblings.count == 1 } ?? false
    }

    /// A value as people read it: a slug's label, a country's or language's name, a member's name.
    static func label(_ field: String, _ value: String, language: UILanguage, web: WebContext) -> String {
        label(field, value, language: language, name: web.name)
    }

    /// ``label(_:_:language:web:)`` with `name` turning a member id into its name; dates
    /// (`start`, `end`) in the reader's locale.
    static func label(_ field: String, _ value: String, language: UILanguage, name: (String) -> String) -> String {
        switch field {
        case "start", "end": language.day(value)
        case "themes": language.label(.theme, value)
        case "target_groups": language.label(.targetGroup, value)
        case "status": language.label(.status, value)
        case "visibility": language.label(.visibility, value)
        case "countries": language.country(value)
        case "languages": language.languageName(value)
        case "partners": name(value)
        case "budget_eur": Int64(value).map { language.number($0) } ?? value
        default: value
        }
    }

    /// A field key as the reader reads it: `title.fr` → "Titel (Französisch)", `themes` →
    /// "Themen"; a delete-vs-edit conflict's `delete` → its sentence; anything else as it is.
    static func fieldLabel(_ key: String, language: UILanguage) -> String {
        if key == "delete" { return language.word("deleteConflict") }
        if CatalogueSchema.fields[key] != nil { return language.word("fieldsOf.\(key)") }
        guard let parsed = RegisterKey(key) else { return key }
        let label = language.word("fieldsOf.\(parsed.field)")
        return parsed.lang.map { "\(label) (\(language.languageName($0.rawValue)))" } ?? label
    }

    /// An element id made of letters, digits and dashes only.
    static func anchor(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
}
