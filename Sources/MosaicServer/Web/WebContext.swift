import Foundation
import Hummingbird
import MosaicConfig
import MosaicCore
import MosaicStore

/// What the web interface's routes share: the node and the renderer (access is the routes' guards', ``RouteAccessGuard``).
struct WebContext: Sendable {
    let setup: NodeSetup
    let catalogue: NodeCatalogue
    let browser: CatalogueBrowser
    let renderer: PageRenderer

    var actions: NodeActions { NodeActions(setup: setup, catalogue: catalogue) }

    /// A member's display name from the effective directory (its id when unknown).
    func name(_ member: String) -> String {
        MemberID(member).flatMap { catalogue.directory[$0]?.name } ?? member
    }

    /// The id of the member whose display name (any case) or id is `name`, `nil` when none is (the way
    /// back from ``name(_:)`` in forms).
    func memberID(named name: String) -> String? {
        let members = catalogue.directory.members
        if let member = members.first(where: { $0.id.rawValue == name }) { return member.id.rawValue }
        return members.first { $0.name.compare(name, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame }?.id.rawValue
    }

    /// A writer's display name, marked "former member" in `language` when it was revoked since:
    /// what it wrote stays (DESIGN, membership), shown as from a former member.
    func author(_ member: String, _ language: UILanguage) -> String {
        guard let id = MemberID(member), catalogue.directory.isRevoked(id) else { return name(member) }
        return language.format("formerMemberName", ["name": name(member)])
    }

    /// A 303 to `location` (after a form).
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// `name=value&…` with each value percent-encoded.
    static func query(_ items: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }

    /// The record id in the path, or 404.
    static func recordID(_ context: NodeRequestContext) throws -> RecordID {
        guard let id = context.parameters.get("id").flatMap(RecordID.init) else { throw HTTPError(.notFound, message: "No such record.") }
        return id
    }

    /// A notice shown after a form, from a fixed list (never text from the request).
    static func notice(_ request: Request, _ language: UILanguage) -> String? {
        guard let key = request.uri.queryParameters["notice"].map(String.init), notices.contains(key) else { return nil }
        return language.word("notice.\(key)")
    }

    static let notices: Set<String> = [
        "resolved", "accepted", "declined", "saved", "created", "deleted", "synced", "loggedOut", "confirmed",
    ]
}
