import Hummingbird
import MosaicStore

/// What the guards of a node check against: its reading rule and its sync request verifier.
struct RouteGuards: Sendable {
    /// Who may read and write (accounts, tokens, `ui.anonymous_read`).
    let gate: Gate
    /// Verifies RFC 9421 signed requests for `signedByMember` routes.
    let peers: SyncAuthenticator

    /// The middleware that enforces `access` on a route of `surface`.
    func `guard`(_ access: RouteDescription.Access, surface: RouteDescription.Surface) -> RouteAccessGuard {
        RouteAccessGuard(access: access, surface: surface, guards: self)
    }
}

/// Enforces a route's declared access level before its handler runs. ``RouteRegistrar`` installs
/// one on every route it records, so handlers hold no role checks of their own.
///
/// Refusals are ``AccessDenied`` (401 unauthenticated, 403 forbidden; ``ErrorPages`` turns an
/// unauthenticated page GET into a 303 to `/login`), a 403 for a page form without this reader's
/// CSRF token, and ``SyncAuthenticator``'s 401/413/415 for sync routes.
struct RouteAccessGuard: RouterMiddleware {
    typealias Context = NodeRequestContext

    let access: RouteDescription.Access
    let surface: RouteDescription.Surface
    let guards: RouteGuards

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let gate = guards.gate
        // A refused Authorization header refuses the request whatever the route's level: a script
        // sending a wrong token must learn so, not read as anonymous.
        if let denied = context.credentialError, access != .signedByMember { throw denied }
        switch access {
        case .open, .form: break
        case .signedByMember: return try await guards.peers.handle(request, context: context, next: next)
        case .reader: try gate.read(context)
        case .editor: try gate.write(context, role: .editor, needsToken: surface == .api)
        case .coordinator: try gate.write(context, role: .coordinator, needsToken: surface == .api)
        }
        guard surface == .pages, request.method != .get, request.method != .head else { return try await next(request, context) }
        // A page that changes something is a form carrying this reader's CSRF token (double-submit
        // cookie); the body is kept on the request for the handler to read.
        var request = request
        let form = try await FormData.read(&request, context: context)
        try gate.checkForm(form, context)
        return try await next(request, context)
    }
}

extension NodeRequestContext {
    /// Whether the caller's account has at least `role`: the rule of the `editor` and `coordinator`
    /// guards (``Gate/write(_:role:needsToken:)``), which pages also use to show only the forms the
    /// caller may send.
    func holds(_ role: AccountRole) -> Bool { account.map { $0.role >= role } ?? false }
}
