import HTTPTypes
import Hummingbird

/// Every route of a node with who may call it. Routes are registered through ``RouteTable``
/// only, so this list is complete by construction and a test can check each entry.
public struct RouteDescription: Sendable, Hashable, CustomStringConvertible {
    /// Who may call a route.
    public enum Access: String, Sendable {
        /// Anyone: reads that disclose nothing private.
        case open
        /// A member of the directory, with a signed request.
        case signedByMember
        /// Logged-in accounts, and anyone when `ui.anonymous_read` is on.
        case reader
        /// Logged-in accounts or API tokens of the editor role or above, with a CSRF token for forms.
        case editor
        /// Logged-in accounts or API tokens of the coordinator role, with a CSRF token for forms.
        case coordinator
        /// Anyone, with a CSRF token (the login form) or a live session (logout).
        case form
    }

    public let method: HTTPRequest.Method
    public let path: String
    public let access: Access
    /// Whether the route changes the node's state.
    public let changesState: Bool

    public var description: String { "\(method) \(path) (\(access.rawValue))" }
}

/// Registers routes on a router and keeps their descriptions.
final class RouteTable {
    let router: Router<NodeRequestContext>
    private(set) var routes: [RouteDescription] = []

    init(router: Router<NodeRequestContext>) { self.router = router }

    func record(_ method: HTTPRequest.Method, _ path: String, access: RouteDescription.Access, changesState: Bool = false) {
        routes.append(RouteDescription(method: method, path: path, access: access, changesState: changesState))
    }
}
