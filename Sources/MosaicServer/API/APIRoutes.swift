import Foundation
import Hummingbird
import MosaicConfig
import MosaicCore
import MosaicStore

/// The JSON API under `/api/v1/`: records, search, conflicts, proposals, peers and status.
struct APIRoutes: Sendable {
    let setup: NodeSetup
    let catalogue: NodeCatalogue
    let browser: CatalogueBrowser

    var actions: NodeActions { NodeActions(setup: setup, catalogue: catalogue) }

    /// The node's status.
    struct Status: Codable, Sendable {
        let member: String
        let records: [String: Int]
        let privateRecords: Int
        let deletedRecords: Int
        let openConflicts: Int
        let openProposals: Int
        let digest: String
        let vector: [String: Int64]

        enum CodingKeys: String, CodingKey {
            case member, records, digest, vector, privateRecords = "private_records", deletedRecords = "deleted_records"
            case openConflicts = "open_conflicts", openProposals = "open_proposals"
        }
    }

    /// A list answer: `{"items": […]}`.
    struct Items<Item: Codable & Sendable>: Codable, Sendable {
        let items: [Item]
    }

    /// Registers the routes on `routes`, the group at `/api/v1` (its middleware answers errors as problems).
    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        let catalogue = self.catalogue, browser = self.browser, actions = self.actions, setup = self.setup

        routes.add(.get, "/status", access: .reader) { _, context in
            let status = try await catalogue.status()
            return JSONResponse(
                Status(
                    member: status.member.rawValue,
                    records: Dictionary(uniqueKeysWithValues: RecordType.allCases.map { ($0.rawValue, status.records[$0] ?? 0) }),
                    privateRecords: status.privateRecords, deletedRecords: status.deletedRecords, openConflicts: status.openConflicts,
                    openProposals: status.openProposals, digest: status.digest,
                    vector: Dictionary(uniqueKeysWithValues: status.vector.entries.map { ($0.key.rawValue, $0.value) })))
        }

        routes.add(.get, "/records", access: .reader) { request, context in
            return JSONResponse(
                try await browser.listing(try Self.listingRequest(Self.parameters(request), context), language: context.language))
        }

        routes.add(.get, "/search", access: .reader) { request, context in
            let parameters = Self.parameters(request)
            guard let q = parameters["q"], !q.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw Problem(.badRequest, "missing-parameter", "search needs q=WORDS", errors: [.init(field: "q", message: "required")])
            }
            return JSONResponse(try await browser.listing(try Self.listingRequest(parameters, context), language: context.language))
        }

        routes.add(.post, "/records", access: .editor, changesState: true) { request, context in
            let id = try await actions.create(try await JSONBody.object(request, context: context))
            return JSONResponse(try await Self.detail(id, catalogue, context), status: .created, location: "/api/v1/records/\(id.rawValue)")
        }

        routes.add(.get, "/records/{id}", access: .reader) { _, context in
            return JSONResponse(try await Self.detail(try Self.recordID(context), catalogue, context))
        }

        routes.add(.patch, "/records/{id}", access: .editor, changesState: true) { request, context in
            let id = try Self.recordID(context)
            try await actions.edit(id, try await JSONBody.object(request, context: context))
            return JSONResponse(try await Self.detail(id, catalogue, context))
        }

        routes.add(.delete, "/records/{id}", access: .editor, changesState: true) { _, context -> HTTPResponse.Status in
            try await actions.delete(try Self.recordID(context))
            return .noContent
        }

        routes.add(.post, "/records/{id}/confirm", access: .editor, changesState: true) { request, context in
            let id = try Self.recordID(context)
            let body = try await JSONBody.object(request, context: context)
            guard body.count == 2, let field = body["field"]?.stringValue, let lang = body["lang"]?.stringValue else {
                throw Problem(
                    .unprocessableContent, "invalid-confirmation", "send {\"field\": \"title\", \"lang\": \"en\"}: the language to confirm",
                    errors: [.init(field: "field", message: "required"), .init(field: "lang", message: "required")])
            }
            try await actions.confirm(id, field: field, lang: lang)
            return JSONResponse(try await Self.detail(id, catalogue, context))
        }

        routes.add(.get, "/conflicts", access: .reader) { _, context in
            let items = try await ConflictItem.open(in: catalogue, includePrivate: context.account != nil, language: context.language)
            return JSONResponse(Items(items: items))
        }

        routes.add(.post, "/records/{id}/conflicts/{field}/resolve", access: .coordinator, changesState: true) { request, context in
            let id = try Self.recordID(context)
            let body = try await JSONBody.object(request, context: context)
            let resolution: Resolution
            if let value = body["value"]?.stringValue, body.count == 1 {
                resolution = .value(value)
            } else if body["keep"]?.boolValue == true, body.count == 1 {
                resolution = .keep
            } else if body["delete"]?.boolValue == true, body.count == 1 {
                resolution = .delete
            } else {
                throw Problem(
                    .unprocessableContent, "invalid-resolution",
                    "send exactly one of {\"value\": \"…\"}, {\"keep\": true} or {\"delete\": true}")
            }
            try await actions.resolve(id, field: context.parameters.get("field") ?? "", resolution)
            return JSONResponse(try await Self.detail(id, catalogue, context))
        }

        routes.add(.get, "/proposals", access: .reader) { _, context in
            let items = try await catalogue.proposals().filter { !$0.1.isPrivate || context.account != nil }.map {
                ProposalItem($0.0, view: $0.1, language: context.language)
            }
            return JSONResponse(Items(items: items))
        }

        for (verb, accept) in [("accept", true), ("decline", false)] {
            routes.add(.post, "/records/{id}/proposals/{proposal}/\(verb)", access: .coordinator, changesState: true) { _, context in
                let id = try Self.recordID(context)
                try await actions.decide(id, proposal: context.parameters.get("proposal") ?? "", accept: accept)
                return JSONResponse(try await Self.detail(id, catalogue, context))
            }
        }

        routes.add(.get, "/peers", access: .reader) { _, context in
            return JSONResponse(Items(items: try await PeerHealth.all(setup, catalogue)))
        }

        routes.add(.post, "/peers/sync", access: .coordinator, changesState: true) { _, context in
            return JSONResponse(Items(items: await actions.syncNow()))
        }
    }

    static func parameters(_ request: Request) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { result[String(name)] = String(value) }
        return result
    }

    /// The listing a request asks for; private records only for the node's own accounts.
    static func listingRequest(_ parameters: [String: String], _ context: NodeRequestContext) throws -> ListingRequest {
        var request = try ListingRequest(parameters)
        request.filter.includePrivate = context.account != nil
        return request
    }

    static func recordID(_ context: NodeRequestContext) throws -> RecordID {
        let text = context.parameters.get("id") ?? ""
        guard let id = RecordID(text) else {
            throw Problem(.badRequest, "invalid-id", "'\(text.prefix(60))' is not a record id (a UUID)")
        }
        return id
    }

    static func detail(_ id: RecordID, _ catalogue: NodeCatalogue, _ context: NodeRequestContext) async throws -> RecordDetail {
        guard let detail = try await RecordDetail.load(id, from: catalogue, language: context.language) else {
            throw Problem(.notFound, "not-found", "no record \(id.rawValue) on this node")
        }
        // Private records are this node's own; they are shown only to its accounts.
        if detail.summary.isPrivate && context.account == nil {
            throw Problem(.notFound, "not-found", "no record \(id.rawValue) on this node")
        }
        return detail
    }
}
