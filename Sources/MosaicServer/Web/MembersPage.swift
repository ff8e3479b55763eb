import Hummingbird
import MosaicStore

/// `GET /members`: the member directory and this node's peers' health, with "sync now".
struct MembersPage: Sendable {
    /// One member of the directory.
    struct MemberRow: Sendable {
        let name: String
        let id: String
        let country: String
        let languages: String
        let role: String
        let endpoint: String?
        let isThisNode: Bool
    }

    /// One peer's health.
    struct PeerRow: Sendable {
        let name: String
        let healthy: Bool
        let lastSuccess: String
        let lag: Int64
        let failures: Int
        let lastError: String?
    }

    /// The page's body.
    struct Body: Sendable {
        let members: [MemberRow]
        let peers: [PeerRow]
        let canSync: Bool
    }

    let web: WebContext

    func register(on router: some RouterMethods<NodeRequestContext>, table: RouteTable) {
        let web = self.web
        router.get("/members") { request, context -> HTML in
            try web.gate.read(context)
            return try await Self.render(web, context, notice: WebContext.notice(request, context.language))
        }
        table.record(.get, "/members", access: .reader)

        router.post("/peers/sync") { request, context -> Response in
            let form = try await web.changeForm(request, context, role: .coordinator)
            _ = await web.actions.syncNow()  // each peer's outcome is in its health row
            return WebContext.redirect("/members?notice=synced")
        }
        table.record(.post, "/peers/sync", access: .coordinator, changesState: true)
    }

    private static func render(_ web: WebContext, _ context: NodeRequestContext, notice: String?) async throws -> HTML
    {
        let word = { (key: String) in UIText.word(key, context.language) }
        let members = web.catalogue.directory.members.map {
            MemberRow(
                name: $0.name, id: $0.id.rawValue, country: $0.country.rawValue, languages: $0.languages.map(\.rawValue).joined(separator: ", "),
                role: $0.role.rawValue, endpoint: $0.endpoint?.absoluteString, isThisNode: $0.id == web.setup.config.member)
        }
        let peers = try await PeerHealth.all(web.setup, web.catalogue).map {
            PeerRow(
                name: web.name($0.member), healthy: $0.healthy, lastSuccess: $0.lastSuccess ?? word("never"), lag: $0.lag,
                failures: $0.failuresInRow, lastError: $0.lastError)
        }
        let body = Body(members: members, peers: peers, canSync: context.account?.role == .coordinator)
        return try web.renderer.page("members", title: word("members"), body: body, context: context, notice: notice)
    }
}
