import Hummingbird
import MosaicCore
import MosaicStore

/// `/conflicts` and `/proposals`: the coordinators' inboxes, with the forms that decide.
struct WorkflowPages: Sendable {
    /// One competing value of a conflict.
    struct Choice: Sendable {
        let index: Int
        let value: String
        let author: String
        let at: String
        /// `at` for people.
        let atText: String
        let checked: Bool
    }

    /// One conflict with its form.
    struct ConflictRow: Sendable {
        let anchor: String
        let record: String
        let recordTitle: String
        let field: String
        /// `field` as people read it (`Titel (Englisch)`).
        let fieldLabel: String
        let isDelete: Bool
        let choices: [Choice]
        /// A delete-vs-edit conflict: who deleted and when, then each unseen edit, as sentences.
        let deleteStory: [String]
    }

    /// One proposal with its form.
    struct ProposalRow: Sendable {
        let anchor: String
        let id: String
        let record: String
        let recordTitle: String
        let author: String
        let at: String
        /// `at` for people.
        let atText: String
        let change: String
    }

    /// A list page's body.
    struct Body<Row: Sendable>: Sendable {
        let rows: [Row]
        let canDecide: Bool
        let error: String?
    }

    let web: WebContext

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        let web = self.web
        routes.add(.get, "/conflicts", access: .reader) { request, context -> HTML in
            return try await Self.conflicts(web, context, notice: WebContext.notice(request, context.language), error: nil)
        }

        routes.add(.post, "/conflicts/resolve", access: .coordinator, changesState: true) { request, context -> Response in
            let form = try await FormData.read(request, context: context)
            guard let id = form["record"].flatMap(RecordID.init), let field = form["field"], let choice = form["choice"] else {
                throw HTTPError(.badRequest, message: "The form lacks the record, the field or your choice.")
            }
            do {
                let resolution: Resolution
                switch choice {
                case "keep": resolution = .keep
                case "delete": resolution = .delete
                case "new": resolution = .value(form["value"] ?? "")
                default:
                    guard let index = Int(choice), let conflict = try await Self.values(of: id, field: field, web),
                        conflict.indices.contains(index)
                    else { throw AuthoringError.conflictNotOpen("\(id.rawValue)/\(field)") }
                    resolution = .value(conflict[index])
                }
                try await web.actions.resolve(id, field: field, resolution)
                return WebContext.redirect("/conflicts?notice=resolved")
            } catch let error as AuthoringError {
                return try await Self.conflicts(web, context, notice: nil, error: error.description).response(
                    from: request, context: context)
            }
        }

        routes.add(.get, "/proposals", access: .reader) { request, context -> HTML in
            return try await Self.proposals(web, context, notice: WebContext.notice(request, context.language), error: nil)
        }

        routes.add(.post, "/proposals/decide", access: .coordinator, changesState: true) { request, context -> Response in
            let form = try await FormData.read(request, context: context)
            guard let id = form["record"].flatMap(RecordID.init), let proposal = form["proposal"],
                let decision = form["decision"], ["accept", "decline"].contains(decision)
            else { throw HTTPError(.badRequest, message: "The form lacks the record, the proposal or the decision.") }
            do {
                try await web.actions.decide(id, proposal: proposal, accept: decision == "accept")
                return WebContext.redirect("/proposals?notice=\(decision == "accept" ? "accepted" : "declined")")
            } catch let error as AuthoringError {
                return try await Self.proposals(web, context, notice: nil, error: error.description).response(
                    from: request, context: context)
            }
        }
    }

    /// The competing values of an open field conflict, in display order.
    private static func values(of id: RecordID, field: String, _ web: WebContext) async throws -> [String]? {
        guard let key = RegisterKey(field), let view = try await web.catalogue.record(id) else { return nil }
        return view.registers[key]?.siblings.map(\.value)
    }

    private static func conflicts(_ web: WebContext, _ context: NodeRequestContext, notice: String?, error: String?) async throws -> HTML {
        let language = context.language
        let items = try await ConflictItem.open(in: web.catalogue, includePrivate: context.account != nil, language: language)
        let rows = items.map { item in
            var story: [String] = []
            if let deleter = item.deletedBy {
                story.append(language.format("deletedBy", ["member": web.name(deleter), "date": item.deletedAt.map(language.time) ?? ""]))
            }
            story += item.editedBy.map { language.format("editedBy", ["member": web.name($0.member), "date": language.time($0.at)]) }
            return ConflictRow(
                anchor: "c-" + RecordPage.anchor(item.id), record: item.record, recordTitle: item.recordTitle, field: item.field,
                fieldLabel: RecordPage.fieldLabel(item.field, language: language), isDelete: item.kind == "delete",
                choices: item.values.enumerated().map {
                    Choice(
                        index: $0.offset, value: $0.element.value, author: web.name($0.element.by), at: $0.element.at,
                        atText: language.time($0.element.at), checked: $0.offset == 0)
                }, deleteStory: story)
        }
        let body = Body(rows: rows, canDecide: context.holds(.coordinator), error: error)
        return try web.renderer.page(
            "conflicts", title: context.language.word("conflicts"), body: body, context: context,
            status: error == nil ? .ok : .unprocessableContent, notice: notice)
    }

    private static func proposals(_ web: WebContext, _ context: NodeRequestContext, notice: String?, error: String?) async throws -> HTML {
        let rows = try await web.catalogue.proposals().filter { !$0.1.isPrivate || context.account != nil }.map { proposal, view in
            let item = ProposalItem(proposal, view: view, language: context.language)
            let change = [item.change.kind, item.change.field, item.change.value.map { "“\($0.prefix(300))”" }].compactMap { $0 }
                .joined(separator: " ")
            return ProposalRow(
                anchor: "p-" + RecordPage.anchor(item.id), id: item.id, record: item.record, recordTitle: item.recordTitle,
                author: web.name(item.by), at: item.at, atText: context.language.time(item.at), change: change)
        }
        let body = Body(rows: rows, canDecide: context.holds(.coordinator), error: error)
        return try web.renderer.page(
            "proposals", title: context.language.word("proposals"), body: body, context: context,
            status: error == nil ? .ok : .unprocessableContent, notice: notice)
    }
}
