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
        /// Counts in the reader's locale.
        let lag: String
        let failures: String
        let lastError: String?
        /// `Mosaic 0.2.0, protocol 1.1` as last announced, or `nil`.
        var version: String? = nil
    }

    /// The page's body.
    struct Body: Sendable {
        let members: [MemberRow]
        let peers: [PeerRow]
        let canSync: Bool
    }

    let web: WebContext

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        let web = self.web
        routes.add(.get, "/members", access: .reader) { request, context -> HTML in
            return try await Self.render(web, context, notice: WebContext.notice(request, context.language))
        }

        routes.add(.post, "/peers/sync", access: .coordinator, changesState: true) { _, _ -> Response in
            _ = await web.actions.syncNow()  // each peer's outcome is in its health row
            return WebContext.redirect("/members?notice=synced")
        }
    }

    private static func render(_ web: WebContext, _ context: NodeRequestContext, notice: String?) async throws -> HTML {
        let language = context.language, word = language.word
        let members = web.catalogue.directory.members.map {
            MemberRow(
                name: $0.name, id: $0.id.rawValue, country: language.country($0.country.rawValue),
                languages: $0.languages.map { language.languageName($0.rawValue) }.joined(separator: ", "),
                role: language.word("role.\($0.role.rawValue)"), endpoint: $0.endpoint?.absoluteString,
                isThisNode: $0.id == web.setup.config.member)
        }
        let peers = try await PeerHealth.all(web.setup, web.catalogue).map {
            PeerRow(
                name: web.name($0.member), healthy: $0.healthy, lastSuccess: $0.lastSuccess.map(language.time) ?? word("never"),
                lag: language.number($0.lag),
                failures: language.number($0.failuresInRow), lastError: $0.lastError,
                version: $0.softwareVersion == nil && $0.protocolVersion == nil
                    ? nil : language.format("peerVersion", ["software": $0.softwareVersion ?? "?", "protocol": $0.protocolVersion ?? "?"]))
        }
        let body = Body(members: members, peers: peers, canSync: context.holds(.coordinator))
        return try web.renderer.page("members", title: word("members"), body: body, context: context, notice: notice)
    }
}
