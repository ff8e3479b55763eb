import Hummingbird

/// Tells how long the node worked on each page or API answer, in a `Server-Timing` header
/// (`app;dur=MILLISECONDS`), so that operators and the benchmarks can tell server time from
/// network and queueing time.
struct ServerTiming: RouterMiddleware {
    typealias Context = NodeRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let millis = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        response.headers[.init("Server-Timing")!] = "app;dur=\((millis * 1000).rounded() / 1000)"
        return response
    }
}
