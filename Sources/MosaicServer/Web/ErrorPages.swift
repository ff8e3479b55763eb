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
        /// What exactly was wrong (the API's English `detail`), for the statuses where it helps to fix the request.
        let detail: String?

        /// Statuses whose `detail` tells what to fix in what was sent.
        static let detailed: Set<Int> = [400, 401, 403, 409, 413, 415, 422]

        /// The page for `problem` in `language`: its status and a sentence about it from the locale file.
        init(_ problem: Problem, language: UILanguage) {
            status = problem.status
            message = language.words["errorText.\(problem.status)"] ?? language.word("errorTextOther")
            detail = Self.detailed.contains(problem.status) && !problem.detail.isEmpty ? problem.detail : nil
        }

        /// The page's title: the status's name in `language`.
        static func title(_ status: Int, language: UILanguage) -> String {
            language.words["errorStatus.\(status)"] ?? language.format("errorStatusOther", ["status": String(status)])
        }
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
            let page = try renderer.page(
                "error", title: Body.title(problem.status, language: context.language), body: Body(problem, language: context.language),
                context: context, status: HTTPResponse.Status(code: problem.status))
            return try page.response(from: request, context: context)
        }
    }
}
