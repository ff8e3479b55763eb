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
    let gate: Gate

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

    /// Registers the routes on `api`, the group at `/api/v1` (its middleware answers errors as problems).
    func register(on api: some RouterMethods<NodeRequestContext>, table: RouteTable) {
        let gate = self.gate, catalogue = self.catalogue, browser = self.browser, actions = self.actions, setup = self.setup

        api.get("status") { _, context in
            try gate.read(context)
            let status = try await catalogue.status()
            return JSONResponse(
                Status(
                    member: status.member.rawValue,
                    records: Dictionary(uniqueKeysWithValues: RecordType.allCases.map { ($0.rawValue, status.records[$0] ?? 0) }),
                    privateRecords: status.privateRecords, deletedRecords: status.deletedRecords, openConflicts: status.openConflicts,
                    openProposals: status.openProposals, digest: status.digest,
                    vector: Dictionary(uniqueKeysWithValues: status.vector.entries.map { ($0.key.rawValue, $0.value) })))
        }
        table.record(.get, "/api/v1/status", access: .reader)

        api.get("records") { request, context in
            try gate.read(context)
            return JSONResponse(try await browser.listing(try Self.listingRequest(Self.parameters(request), context), language: context.language))
        }
        table.record(.get, "/api/v1/records", access: .reader)

        api.get("search") { request, context in
            try gate.read(context)
            let parameters = Self.parameters(request)
            guard let q = parameters["q"], !q.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw Problem(.badRequest, "missing-parameter", "search needs q=WORDS", errors: [.init(field: "q", message: "required")])
            }
            return JSONResponse(try await browser.listing(try Self.listingRequest(parameters, context), language: context.language))
        }
        table.record(.get, "/api/v1/search", access: .reader)

        api.post("records") { request, context in
            try gate.write(context, role: .editor, needsToken: true)
            let id = try await actions.create(try await JSONBody.object(request, context: context))
            return JSONResponse(try await Self.detail(id, catalogue, context), status: .created, location: "/api/v1/records/\(id.rawValue)")
        }
        table.record(.post, "/api/v1/records", access: .editor, changesState: true)

        api.get("records/:id") { _, context in
            try gate.read(context)
            return JSONResponse(try await Self.detail(try Self.recordID(context), catalogue, context))
        }
        table.record(.get, "/api/v1/records/{id}", access: .reader)

        api.patch("records/:id") { request, context in
            try gate.write(context, role: .editor, needsToken: true)
            let id = try Self.recordID(context)
            try await actions.edit(id, try await JSONBody.object(request, context: context))
            return JSONResponse(try await Self.detail(id, catalogue, context))
        }
        table.record(.patch, "/api/v1/records/{id}", access: .editor, changesState: true)

        api.delete("records/:id") { _, context -> HTTPResponse.Status in
            try gate.write(context, role: .editor, needsToken: true)
            try await actions.delete(try Self.recordID(context))
            return .noContent
        }
        table.record(.delete, "/api/v1/records/{id}", access: .editor, changesState: true)

        api.get("conflicts") { _, context in
            try gate.read(context)
            let items = try await ConflictItem.open(in: catalogue, includePrivate: context.account != nil, language: context.language)
            return JSONResponse(Items(items: items))
        }
        table.record(.get, "/api/v1/conflicts", access: .reader)

        api.post("records/:id/conflicts/:field/resolve") { request, context in
            try gate.write(context, role: .coordinator, needsToken: true)
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
                    .unprocessableContent, "invalid-resolution", "send exactly one of {\"value\": \"…\"}, {\"keep\": true} or {\"delete\": true}")
            }
            try await actions.resolve(id, field: context.parameters.get("field") ?? "", resolution)
            return JSONResponse(try await Self.detail(id, catalogue, context))
        }
        table.record(.post, "/api/v1/records/{id}/conflicts/{field}/resolve", access: .coordinator, changesState: true)

        api.get("proposals") { _, context in
            try gate.read(context)
            let items = try await catalogue.proposals().filter { !$0.1.isPrivate || context.account != nil }.map { ProposalItem($0.0, view: $0.1, language: context.language) }
            return JSONResponse(Items(items: items))
        }
        table.record(.get, "/api/v1/proposals", access: .reader)

        for (verb, accept) in [("accept", true), ("decline", false)] {
            api.post("records/:id/proposals/:proposal/\(verb)") { _, context in
                try gate.write(context, role: .coordinator, needsToken: true)
                let id = try Self.recordID(context)
                try await actions.decide(id, proposal: context.parameters.get("proposal") ?? "", accept: accept)
                return JSONResponse(try await Self.detail(id, catalogue, context))
            }
            table.record(.post, "/api/v1/records/{id}/proposals/{proposal}/\(verb)", access: .coordinator, changesState: true)
        }

        api.get("peers") { _, context in
            try gate.read(context)
            return JSONResponse(Items(items: try await PeerHealth.all(setup, catalogue)))
        }
        table.record(.get, "/api/v1/peers", access: .reader)

        api.post("peers/sync") { _, context in
            try gate.write(context, role: .coordinator, needsToken: true)
            return JSONResponse(Items(items: await actions.syncNow()))
        }
        table.record(.post, "/api/v1/peers/sync", access: .coordinator, changesState: true)
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
