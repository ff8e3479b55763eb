import Foundation
import Hummingbird
import MosaicStore

/// Finds who is calling (API token or session cookie), the reader's CSRF token and language,
/// and sets the cookies that remember them.
struct AccountAuthenticator: RouterMiddleware {
    typealias Context = NodeRequestContext

    static let sessionCookie = "mosaic_session"
    static let csrfCookie = "mosaic_csrf"
    static let languageCookie = "mosaic_lang"

    let catalogue: NodeCatalogue
    let secureCookies: Bool
    let translations: Translations
    let defaultLanguage: UILanguage

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization] {
            // Not thrown here: this middleware runs outside the error pages, where a throw became an
            // empty 500. The route's guard throws it (RouteAccessGuard).
            if !authorization.hasPrefix("Bearer ") || authorization.utf8.count > 200 {
                context.credentialError = AccessDenied(
                    .unauthenticated, "the Authorization header must be `Bearer <token>` (make one with `mosaic token create`)")
            } else if let account = try await catalogue.tokenAccount(String(authorization.dropFirst(7))) {
                context.account = account
                context.viaToken = true
            } else {
                context.credentialError = AccessDenied(
                    .unauthenticated, "this API token is unknown or revoked; make a new one with `mosaic token create`")
            }
        } else if let secret = request.cookies[Self.sessionCookie]?.value, secret.utf8.count <= 100,
            let account = try await catalogue.session(secret)
        {
            context.account = account
            context.sessionSecret = secret
        }
        if let token = request.cookies[Self.csrfCookie]?.value, (20...100).contains(token.utf8.count) {
            context.csrfToken = token
        } else {
            context.csrfToken = NodeCatalogue.newSecret(prefix: "c_")
            context.csrfIsNew = true
        }
        context.queryWithoutLanguage = request.uri.queryParameters.lazy.filter { $0.key != "lang" }.prefix(50)
            .map { (String($0.key), String($0.value)) }
        if let asked = request.uri.queryParameters["lang"].flatMap({ translations.language(String($0)) }) {
            context.language = asked
            context.languageChosen = true
        } else if let remembered = request.cookies[Self.languageCookie].flatMap({ translations.language($0.value) }) {
            context.language = remembered
        } else {
            context.language = translations.preferred(by: request.headers[.acceptLanguage]) ?? defaultLanguage
        }
        var response = try await next(request, context)
        if context.csrfIsNew {
            response.setCookie(cookie(Self.csrfCookie, context.csrfToken, sameSite: .strict, context: context))
        }
        if context.languageChosen {
            response.setCookie(
                cookie(Self.languageCookie, context.language.code, maxAge: 365 * 86400, sameSite: .lax, context: context))
        }
        return response
    }

    /// A cookie for the whole site: `HttpOnly`, `SameSite`, and `Secure` when `secure_cookies` is
    /// on or `context`'s request came over HTTPS (to the node or to a trusted proxy).
    func cookie(_ name: String, _ value: String, maxAge: Int? = nil, sameSite: Cookie.SameSite, context: NodeRequestContext) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/", secure: secureCookies || context.client.https, httpOnly: true,
            sameSite: sameSite)
    }
}

/// A request that lacks the right to what it asks: not logged in, or logged in with too low a role.
struct AccessDenied: Error, Sendable {
    enum Kind: Sendable { case unauthenticated, forbidden }
    let kind: Kind
    let detail: String

    init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }
}

/// Who may read and who may write, from the node's settings.
struct Gate: Sendable {
    /// Whether visitors who are not logged in may read.
    let anonymousRead: Bool

    /// Allows a read, or throws ``AccessDenied``.
    func read(_ context: NodeRequestContext) throws {
        guard anonymousRead || context.account != nil else {
            throw AccessDenied(.unauthenticated, "log in to read this node's catalogue (or send an API token)")
        }
    }

    /// Allows a change by an account of at least `role`, or throws ``AccessDenied``; returns the account.
    /// - Parameter needsToken: an API write, which a session cookie alone (no CSRF token) may not make.
    @discardableResult
    func write(_ context: NodeRequestContext, role: AccountRole, needsToken: Bool = false) throws -> Account {
        guard let account = context.account, context.viaToken || !needsToken else {
            throw AccessDenied(
                .unauthenticated,
                needsToken
                    ? "this API route needs `Authorization: Bearer TOKEN` (make one with `mosaic token create`)"
                    : "log in (or send an API token) to change anything")
        }
        guard context.holds(role) else {
            throw AccessDenied(.forbidden, "this needs the \(role.rawValue) role; '\(account.name)' is \(account.role.rawValue)")
        }
        return account
    }

    /// Checks a form's CSRF token against the reader's cookie (forms only; API tokens need none).
    func checkForm(_ form: FormData, _ context: NodeRequestContext) throws {
        guard !context.csrfIsNew, let sent = form["csrf"], constantTimeEqual(sent, context.csrfToken) else {
            throw HTTPError(
                .forbidden, message: "This form has expired or did not come from this site. Go back, reload the page and try again.")
        }
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
