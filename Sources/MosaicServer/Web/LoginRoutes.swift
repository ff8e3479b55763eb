import Foundation
import Hummingbird
import MosaicStore

/// `/login` and `/logout`: local accounts, bcrypt-checked passwords, rate-limited failures,
/// and `HttpOnly`, `SameSite=Lax` session cookies (`Secure` when served over TLS).
struct LoginRoutes: Sendable {
    /// The login form's body.
    struct Body: Sendable {
        let next: String
        let username: String
        let error: String?
    }

    let web: WebContext
    let hasher: PasswordHasher
    let limiter: LoginLimiter
    let sessionHours: Int
    let cookies: AccountAuthenticator

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        let web = self.web, hasher = self.hasher, limiter = self.limiter, sessionHours = self.sessionHours, cookies = self.cookies
        routes.add(.get, "/login", access: .open) { request, context -> HTML in
            let next = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
            return try web.renderer.page(
                "login", title: context.language.word("loginTitle"), body: Body(next: next, username: "", error: nil),
                context: context,
                notice: WebContext.notice(request, context.language))
        }

        routes.add(.post, "/login", access: .form, changesState: true) { request, context -> Response in
            let form = try await FormData.read(request, context: context)
            let address = context.remoteAddressText
            let username = String((form["username"] ?? "").prefix(64))
            let next = Self.safeNext(form["next"])
            func refuse(_ key: String, _ status: HTTPResponse.Status) throws -> Response {
                try web.renderer.page(
                    "login", title: context.language.word("loginTitle"),
                    body: Body(next: next, username: username, error: context.language.word(key)), context: context, status: status
                ).response(from: request, context: context)
            }
            guard await limiter.allows(address) else { return try refuse("loginLimited", .tooManyRequests) }
            guard let (account, hash) = try await web.catalogue.credentials(of: username),
                try await hasher.verify(form["password"] ?? "", hash: hash)
            else {
                await limiter.recordFailure(address)
                return try refuse("loginFailed", .unauthorized)
            }
            await limiter.recordSuccess(address)
            let secret = try await web.catalogue.openSession(for: account.name, seconds: sessionHours * 3600)
            var response = WebContext.redirect(next)
            response.setCookie(
                cookies.cookie(AccountAuthenticator.sessionCookie, secret, maxAge: sessionHours * 3600, sameSite: .lax, context: context))
            return response
        }

        routes.add(.post, "/logout", access: .form, changesState: true) { request, context -> Response in
            let form = try await FormData.read(request, context: context)
            if let secret = context.sessionSecret { try await web.catalogue.closeSession(secret) }
            var response = WebContext.redirect("/login?notice=loggedOut")
            response.setCookie(cookies.cookie(AccountAuthenticator.sessionCookie, "", maxAge: 0, sameSite: .lax, context: context))
            return response
        }
    }

    /// A local path to go to after logging in (never another site).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count <= 500,
            !next.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return "/" }
        return next
    }
}

extension NodeRequestContext {
    /// The client's address without its port, for rate limiting (behind a trusted proxy, the
    /// address it forwards: ``ForwardedClient``).
    var remoteAddressText: String { client.address }
}
