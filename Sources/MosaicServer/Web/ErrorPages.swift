import Hummingbird
import MosaicCore
import MosaicStore

/// Answers the web interface's errors with a page in the reader's language: a visitor who
/// must log in is sent to the login form, and unexpected errors reveal nothing.
struct ErrorPages: RouterMiddleware {
    typealias Context = NodeRequestContext

    /// The error page's body.
    struct Body: Sendable {
        let status: Int
        let message: String
    }

    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let denied as AccessDenied
            where denied.kind == .unauthenticated && request.method == .get && context.credentialError == nil
        {
            let target = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
            return WebContext.redirect("/login?" + WebContext.query([("next", target)]))
        } catch {
            let problem = Problem.from(error, logger: context.logger)
            let status = HTTPResponse.Status(code: problem.status)
            let page = try renderer.page(
                "error", title: status.reasonPhrase, body: Body(status: problem.status, message: problem.detail), context: context,
                status: status)
            return try page.response(from: request, context: context)
        }
    }
}
