import Hummingbird
import MosaicConfig
import MosaicCore
import MosaicStore

/// `GET /members`: the member directory (each member's current and old keys), former (revoked)
/// members, join requests waiting to be published, and this node's peers' health, with "sync now".
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
        /// The current key first, then the old ones with where they stopped.
        var keys: [KeyRow] = []
    }

    /// One key of a member: the key (base64) and its period in words.
    struct KeyRow: Sendable {
        let key: String
        let period: String
        let isCurrent: Bool
    }

    /// A revoked member (a former member) and its revocation in words.
    struct FormerRow: Sendable {
        let name: String
        let id: String
        let country: String
        let revoked: String
        var keys: [KeyRow] = []
    }

    /// A join request taken here (`mosaic members add`) and not yet published.
    struct WaitingRow: Sendable {
        let name: String
        let id: String
        let country: String
        let endpoint: String?
        let takenAt: String
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
        var formerMembers: [FormerRow] = []
        var waiting: [WaitingRow] = []
        /// Whether to show the sections at all: the template tests a stored flag (it reads stored properties only).
        var hasFormerMembers = false
        var hasWaiting = false
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
        let effective = web.catalogue.effectiveDirectory, directory = effective.directory
        let members = directory.members.filter { !directory.isRevoked($0.id) }.map {
            MemberRow(
                name: $0.name, id: $0.id.rawValue, country: language.country($0.country.rawValue),
                languages: $0.languages.map { language.languageName($0.rawValue) }.joined(separator: ", "),
                role: language.word("role.\($0.role.rawValue)"), endpoint: $0.endpoint?.absoluteString,
                isThisNode: $0.id == web.setup.config.member, keys: keyRows($0.id, effective, language))
        }
        let former = directory.members.compactMap { member -> FormerRow? in
            guard let revocation = effective.revocation(of: member.id) else { return nil }
            let revoked =
                revocation.by.map { by in
                    language.format(
                        "revokedDetail",
                        [
                            "after": "\(revocation.after)", "by": web.name(by.rawValue),
                            "date": revocation.at.map { language.time(millis: $0.wallMillis) } ?? "?",
                        ])
                } ?? language.format("revokedBySeed", ["after": "\(revocation.after)"])
            return FormerRow(
                name: member.name, id: member.id.rawValue, country: language.country(member.country.rawValue), revoked: revoked,
                keys: keyRows(member.id, effective, language))
        }
        // Only a coordinator's node takes join requests; elsewhere the inbox is empty.
        let waiting = (JoinRequestInbox(config: web.setup.config)?.taken() ?? []).filter {
            effective.entrySource[$0.request.member.id] == nil && !directory.isRevoked($0.request.member.id)
        }.map {
            WaitingRow(
                name: $0.request.member.name, id: $0.request.member.id.rawValue,
                country: language.country($0.request.member.country.rawValue),
                endpoint: $0.request.member.endpoint?.absoluteString, takenAt: language.time(millis: $0.takenAtMillis))
        }
        let peers = try await PeerHealth.all(web.setup, web.catalogue).map {
            PeerRow(
                name: web.name($0.member), healthy: $0.healthy, lastSuccess: $0.lastSuccess.map(language.time) ?? word("never"),
                lag: language.number($0.lag),
                failures: language.number($0.failuresInRow), lastError: $0.lastError,
                version: $0.softwareVersion == nil && $0.protocolVersion == nil
                    ? nil : language.format("peerVersion", ["software": $0.softwareVersion ?? "?", "protocol": $0.protocolVersion ?? "?"]))
        }
        let body = Body(
            members: members, peers: peers, canSync: context.holds(.coordinator), formerMembers: former, waiting: waiting,
            hasFormerMembers: !former.isEmpty, hasWaiting: !waiting.isEmpty)
        return try web.renderer.page("members", title: word("members"), body: body, context: context, notice: notice)
    }

    /// `id`'s keys, current first, each with its period in `language`.
    static func keyRows(_ id: MemberID, _ effective: EffectiveDirectory, _ language: UILanguage) -> [KeyRow] {
        effective.keyStints(of: id).reversed().map { stint in
            guard let until = stint.until else {
                return KeyRow(key: stint.key.base64, period: language.format("keyCurrent", ["from": "\(stint.from)"]), isCurrent: true)
            }
            return KeyRow(
                key: stint.key.base64,
                period: language.format(
                    "keyOld",
                    [
                        "from": "\(stint.from)", "until": "\(until)",
                        "date": stint.stoppedAt.map { language.time(millis: $0.wallMillis) } ?? "?",
                    ]),
                isCurrent: false)
        }
    }
}
