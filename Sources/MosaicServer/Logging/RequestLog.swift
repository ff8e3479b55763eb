import Hummingbird
import Logging

/// One log line per request: method, path, status and duration, with the request id
/// (`hb.request.id`) that every line logged while serving it carries.
///
/// Never the query string, the body or any header: search text (`?q=`) and form bodies can hold a
/// person's name, and logs are kept and shipped where the catalogue's access rules do not reach.
/// (Hummingbird's `LogRequestsMiddleware` logs the whole URI, query included.)
struct RequestLog: RouterMiddleware {
    typealias Context = NodeRequestContext
    let level: Logger.Level

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: Int(response.status.code), since: start)
            return response
        } catch {
            log(request, context, status: Int((error as? any HTTPResponseError)?.status.code ?? 500), since: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let millis = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.log(
            level: level, "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path), "status": .stringConvertible(status),
                "ms": .string(String(format: "%.1f", millis)), "client": .string(context.client.address),
            ])
    }
}
