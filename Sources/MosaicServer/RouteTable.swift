import HTTPTypes
import Hummingbird

/// Every route of a node with who may call it. Routes are registered through ``RouteTable``
/// only, which installs the ``RouteAccessGuard`` for the declared level on the same route, so
/// this list is complete by construction and says what is enforced; `RouteAccessWalkTests`
/// calls each entry as each kind of caller.
public struct RouteDescription: Sendable, Hashable, CustomStringConvertible {
    /// Who may call a route.
    public enum Access: String, Sendable, CaseIterable {
        /// Anyone: reads that disclose nothing private.
        case open
        /// A member of the directory, with a request signed as RFC 9421 says (``SyncAuthenticator``).
        case signedByMember
        /// Logged-in accounts and API tokens, and anyone when `ui.anonymous_read` is on.
        case reader
        /// Accounts of the editor role or above: an API token on the API, a session (or token) with
        /// the form's CSRF token on pages.
        case editor
        /// Accounts of the coordinator role: an API token on the API, a session (or token) with the
        /// form's CSRF token on pages.
        case coordinator
        /// Anyone, with the form's CSRF token (the login form) or a live session (logout).
        case form
    }

    /// The part of the node a route belongs to: how a level is proven and how a refusal reads.
    public enum Surface: String, Sendable, CaseIterable {
        /// Health, readiness, metrics and static files: open, plain answers.
        case resources
        /// `/sync/v1`: RFC 9421 signed requests between nodes; refusals are 401/413/415.
        case sync
        /// `/api/v1`: JSON, RFC 9457 problems; writes need `Authorization: Bearer` (401 otherwise),
        /// too low a role is 403.
        case api
        /// The web interface: a GET that needs a login redirects (303) to `/login`; a POST carries
        /// a form with the CSRF token (403 without), 401 when not logged in, 403 for too low a role.
        case pages
    }

    public let method: HTTPRequest.Method
    /// The full path, parameters as `{name}` (Hummingbird's syntax too).
    public let path: String
    public let access: Access
    public let surface: Surface
    /// Whether the route changes the node's state.
    public let changesState: Bool

    public var description: String { "\(method) \(path) (\(access.rawValue), \(surface.rawValue))" }
}

/// Registers routes on a router and keeps their descriptions.
final class RouteTable {
    let router: Router<NodeRequestContext>
    private(set) var routes: [RouteDescription] = []

    init(router: Router<NodeRequestContext>) { self.router = router }

    /// Where the routes of `group` go: `group` is mounted at `prefix` (`""` or `/api/v1`), and
    /// `guards` enforces each level there.
    func registrar<Group: RouterMethods<NodeRequestContext>>(
        _ group: Group, prefix: String = "", surface: RouteDescription.Surface, guards: RouteGuards
    ) -> RouteRegistrar<Group> {
        RouteRegistrar(table: self, group: group, prefix: prefix, surface: surface, guards: guards)
    }

    fileprivate func record(_ route: RouteDescription) {
        precondition(!routes.contains { $0.method == route.method && $0.path == route.path }, "\(route) registered twice")
        routes.append(route)
    }
}

/// Registers routes of one router group: each at once in the ``RouteTable`` and behind the
/// ``RouteAccessGuard`` of its level, the only way a route is added to a node.
struct RouteRegistrar<Group: RouterMethods<NodeRequestContext>> {
    let table: RouteTable
    let group: Group
    let prefix: String
    let surface: RouteDescription.Surface
    let guards: RouteGuards

    /// Adds `handler` for `method` at `path` (relative to the group, parameters as `{name}`), callable
    /// as `access` says.
    func add(
        _ method: HTTPRequest.Method, _ path: String, access: RouteDescription.Access, changesState: Bool = false,
        use handler: @escaping @Sendable (Request, NodeRequestContext) async throws -> some ResponseGenerator
    ) {
        // A level means one proof per surface: signatures only on the sync surface, and the CSRF
        // form that `form` relies on only on pages.
        precondition(
            (access == .signedByMember) == (surface == .sync), "\(method) \(prefix + path): signedByMember is the sync routes' level")
        precondition(access != .form || surface == .pages, "\(method) \(prefix + path): form routes are pages")
        table.record(RouteDescription(method: method, path: prefix + path, access: access, surface: surface, changesState: changesState))
        group.group().add(middleware: guards.guard(access, surface: surface)).on(RouterPath(path), method: method, use: handler)
    }
}
