import Foundation
import Hummingbird

/// `GET /readyz` (anonymous): whether the database is writable (200 `ready`, 503 `not ready`) and
/// how each peer is, as JSON with snake_case keys. Nothing private: peer ids are in the public
/// member directory, and error texts are left out. Cached for a few seconds (``Readiness``).
struct ReadyRoute: Sendable {
    let readiness: Readiness

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        routes.add(.get, "/readyz", access: .open) { _, _ -> Response in
            let report = await readiness.report()
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = [.sortedKeys]
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(
                status: report.databaseWritable ? .ok : .serviceUnavailable, headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(report))))
        }
    }
}
