import HTTPTypes
import Hummingbird

/// The node's router as the server runs it: `HEAD` is answered as the same `GET` without its body
/// (RFC 9110 §9.3.2), since Hummingbird routes `HEAD` to nothing and uptime checks and `curl -I` use
/// it. The request goes through the router as a `GET`, so that route's access guard decides as it
/// does for `GET` (a `GET` route never changes state, ``RouteRegistrar``); the answer keeps its
/// status and headers and drops the body.
public struct NodeRouter: HTTPResponderBuilder {
    let router: Router<NodeRequestContext>

    public func buildResponder() -> HeadAsGetResponder {
        HeadAsGetResponder(wrapped: router.buildResponder())
    }
}

/// Answers `HEAD` as `GET` without a body, everything else as the router does (``NodeRouter``).
public struct HeadAsGetResponder: HTTPResponder {
    public typealias Context = NodeRequestContext
    let wrapped: RouterResponder<NodeRequestContext>

    public func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .head else { return try await wrapped.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await wrapped.respond(to: Request(head: head, body: request.body), context: context)
        response.body = ResponseBody()
        return response
    }
}
