import Hummingbird
import MosaicCore
import MosaicStore

/// The forms that create and edit practices and projects: multilingual texts, tags as
/// comma-separated sets, and single values.
struct RecordForm: Sendable {
    /// One input of the form.
    struct Input: Sendable {
        let name: String
        let label: String
        let value: String
        let isLong: Bool
        let options: [Option]?
        let hint: String?
        /// Whether the input is a select (it has options).
        var isSelect: Bool = false
    }

    /// A choice of a select.
    struct Option: Sendable {
        let value: String
        /// What the reader sees (a status's label in the reader's language).
        let label: String
        let selected: Bool
    }

    /// The form's body.
    struct Body: Sendable {
        let action: String
        let heading: String
        let type: String
        let isNew: Bool
        let inputs: [Input]
        let note: String?
        let error: String?
        let cancelHref: String
    }

    let web: WebContext

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        let web = self.web
        routes.add(.get, "/records/new", access: .editor) { request, context -> HTML in
            let type = request.uri.queryParameters["type"].flatMap { RecordType(rawValue: String($0)) } ?? .practice
            return try Self.render(type: type, view: nil, values: FormData(fields: [:]), error: nil, web: web, context: context)
        }

        routes.add(.get, "/records/{id}/edit", access: .editor) { _, context -> HTML in
            let id = try WebContext.recordID(context)
            guard let view = try await web.catalogue.record(id), view.state == .alive else {
                throw HTTPError(.notFound, message: "No record \(id.rawValue) to edit on this node.")
            }
            return try Self.render(type: view.type, view: view, values: FormData(fields: [:]), error: nil, web: web, context: context)
        }

        routes.add(.post, "/records", access: .editor, changesState: true) { request, context -> Response in
            let form = try await FormData.read(request, context: context)
            let type = form["type"].flatMap(RecordType.init(rawValue:)) ?? .practice
            do {
                let assignments = try Self.assignments(form, type: type, language: context.language, member: web.memberID(named:))
                let made = try await web.catalogue.commit([
                    .create(type: type, nonce: RecordID.newNonce(), assignments: assignments, isPrivate: form["private"] == "on")
                ])
                return WebContext.redirect("/records/\(made.created[0].rawValue)?notice=created")
            } catch let error as AuthoringError {
                return try Self.render(
                    type: type, view: nil, values: form, error: AuthoringErrorText.describe(error, language: context.language), web: web,
                    context: context
                )
                .response(from: request, context: context)
            }
        }

        routes.add(.post, "/records/{id}", access: .editor, changesState: true) { request, context -> Response in
            let id = try WebContext.recordID(context)
            let form = try await FormData.read(request, context: context)
            guard let view = try await web.catalogue.record(id) else { throw HTTPError(.notFound, message: "No record \(id.rawValue).") }
            do {
                try await web.actions.edit(
                    id, assignments: try Self.assignments(form, type: view.type, language: context.language, member: web.memberID(named:)))
                return WebContext.redirect("/records/\(id.rawValue)?notice=saved")
            } catch AuthoringError.nothingToChange {
                return WebContext.redirect("/records/\(id.rawValue)")
            } catch let error as AuthoringError {
                return try Self.render(
                    type: view.type, view: view, values: form, error: AuthoringErrorText.describe(error, language: context.language),
                    web: web,
                    context: context
                )
                .response(from: request, context: context)
            }
        }

        routes.add(.post, "/records/{id}/delete", access: .editor, changesState: true) { _, context -> Response in
            let id = try WebContext.recordID(context)
            try await web.actions.delete(id)
            return WebContext.redirect("/?notice=deleted")
        }
    }

    /// The languages the form offers for texts: the record's, the reader's, the member's, English and French.
    static func languages(_ view: RecordView?, web: WebContext, context: NodeRequestContext) -> [String] {
        var result: [String] = [context.language.code]
        for lang in web.setup.member.languages.map(\.rawValue) + ["en", "fr"] where !result.contains(lang) { result.append(lang) }
        if let view {
            for key in view.registers.keys { if let lang = key.lang?.rawValue, !result.contains(lang) { result.append(lang) } }
        }
        return result
    }

    static func render(
        type: RecordType, view: RecordView?, values: FormData, error: String?, web: WebContext, context: NodeRequestContext
    ) throws -> HTML {
        let word = { (key: String) in context.language.word(key) }
        var inputs: [Input] = []
        func current(_ name: String, _ fallback: String?) -> String { values[name] ?? fallback ?? "" }
        for field in CatalogueSchema.fieldNames(of: type) where field != "visibility" {
            let spec = CatalogueSchema.fields[field]!
            let label = word("fieldsOf.\(field)")
            switch spec.kind {
            case .multilingual:
                for lang in languages(view, web: web, context: context) {
                    let name = "\(field).\(lang)"
                    inputs.append(
                        Input(
                            name: name, label: "\(label) (\(context.language.languageName(lang)))",
                            value: current(
                                name, view.flatMap { v in LanguageTag(lang).flatMap { v.value(RegisterKey(field: field, lang: $0)) } }),
                            isLong: field != "title", options: nil, hint: nil))
                }
            case .set:
                // Values by name in the reader's language (Fortbildung, Belgien); the way back is UILanguage.storedValue.
                let shown = view?.values(field).map { RecordPage.label(field, $0, language: context.language, web: web) }
                let known: [String] =
                    switch field {
                    case "themes": context.language.labels(.theme).values.sorted()
                    case "target_groups": context.language.labels(.targetGroup).values.sorted()
                    default: []
                    }
                let hint =
                    known.isEmpty
                    ? word("setHint")
                    : word("setHint") + " " + context.language.format("knownValues", ["values": known.joined(separator: ", ")])
                // One value per line: a name may hold a comma ("Лица, принимающие решения", an organisation's name).
                inputs.append(
                    Input(
                        name: field, label: label, value: current(field, shown?.joined(separator: "\n")), isLong: true, options: nil,
                        hint: hint))
            case .register:
                let value = current(field, view?.value(RegisterKey(field: field)))
                let options =
                    field == "status"
                    ? ([""] + (type == .practice ? CatalogueSchema.practiceStatuses : CatalogueSchema.projectStatuses)).map {
                        Option(value: $0, label: $0.isEmpty ? "" : context.language.label(.status, $0), selected: $0 == value)
                    } : nil
                inputs.append(
                    Input(name: field, label: label, value: value, isLong: false, options: options, hint: nil, isSelect: options != nil))
            }
        }
        let isOwner = view.map { $0.owner == web.setup.config.member } ?? true
        let body = Body(
            action: view.map { "/records/\($0.id.rawValue)" } ?? "/records",
            heading: view == nil
                ? context.language.format("newRecordOf", ["type": context.language.label(.type, type.rawValue)]) : word("editRecord"),
            type: type.rawValue,
            isNew: view == nil, inputs: inputs, note: isOwner || web.setup.member.role == .coordinator ? nil : word("proposalNote"),
            error: error, cancelHref: view.map { "/records/\($0.id.rawValue)" } ?? "/")
        return try web.renderer.page(
            "record-form", title: body.heading, body: body, context: context, status: error == nil ? .ok : .unprocessableContent)
    }

    /// The field assignments a submitted form makes.
    /// - Parameter language: the reader's, whose names for themes, target groups, countries and
    ///   languages stand for their slugs and codes.
    ///   - member: the member id a display name stands for (partners are shown by name), `nil` for no member of that name.
    static func assignments(_ form: FormData, type: RecordType, language: UILanguage, member: (String) -> String? = { _ in nil })
        throws(AuthoringError) -> [FieldAssignment]
    {
        var result: [FieldAssignment] = []
        for field in CatalogueSchema.fieldNames(of: type) where field != "visibility" {
            let spec = CatalogueSchema.fields[field]!
            switch spec.kind {
            case .multilingual:
                for (name, values) in form.fields.sorted(by: { $0.key < $1.key }) where name.hasPrefix("\(field).") {
                    guard let lang = LanguageTag(String(name.dropFirst(field.count + 1))), let value = values.first else {
                        throw .syntax(name)
                    }
                    result.append(.register(RegisterKey(field: field, lang: lang), value.trimmingCharacters(in: .whitespacesAndNewlines)))
                }
            case .set:
                guard let text = form[field] else { continue }
                let values = setValues(text, field: field, language: language, member: member)
                result.append(.replaceSet(field: field, values: Array(Set(values)).sorted()))
            case .register:
                guard let value = form[field] else { continue }
                result.append(.register(RegisterKey(field: field), value.trimmingCharacters(in: .whitespacesAndNewlines)))
            }
        }
        return result
    }

    /// The values typed into set field `field`: one per line, as the form shows them; a line that is not
    /// a known name as a whole may hold several values separated by commas (as people type them).
    /// Names in the reader's language stand for their slugs and codes (``UILanguage/storedValue(_:_:)``),
    /// and members' names for their ids (`partners`).
    static func setValues(_ text: String, field: String, language: UILanguage, member: (String) -> String?) -> [String] {
        func known(_ typed: String) -> String? {
            if field == "partners" { return member(typed) }
            let stored = language.storedValue(field, typed)
            return stored == typed ? nil : stored
        }
        var values: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let whole = line.trimmingCharacters(in: .whitespaces)
            if whole.isEmpty { continue }
            if let value = known(whole) {
                values.append(value)
                continue
            }
            for piece in whole.split(separator: ",") {
                let typed = piece.trimmingCharacters(in: .whitespaces)
                if !typed.isEmpty { values.append(known(typed) ?? typed) }
            }
        }
        return values
    }
}
