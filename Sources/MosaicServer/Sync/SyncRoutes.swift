import CompressNIO
import Hummingbird
import MosaicCore
import MosaicStore
import MosaicSync

/// `GET /sync/v1/vector` and `POST /sync/v1/pull`, behind ``SyncAuthenticator``.
struct SyncRoutes: Sendable {
    let catalogue: NodeCatalogue
    let maxPageBytes: Int
    let authenticator: SyncAuthenticator
    let metrics: NodeMetrics

    func register(on router: Router<NodeRequestContext>) {
        let group = router.group("sync/v1").add(middleware: authenticator)
        group.get("vector") { _, _ -> Response in
            let answer = VectorResponse(
                member: catalogue.member, vector: try await catalogue.sharedVector(), digest: try await catalogue.digest(),
                directoryDigest: catalogue.directory.digest)
            return Self.json(answer.bytes)
        }
        group.post("pull") { request, context -> Response in
            guard let pull = PullRequest(bytes: context.verifiedBody) else {
                throw SyncHTTPError(.badRequest, kind: "bad-body", "expected {\"limit\": 1…10000, \"vector\": {\"member-id\": seq, …}}")
            }
            let answer = try await PullAnswer.page(from: catalogue, for: pull, maxPageBytes: maxPageBytes)
            let response = Self.json(answer.bytes, acceptEncoding: request.headers[.acceptEncoding])
            await metrics.recordServed(commits: answer.commits.count, bytes: response.body.contentLength ?? 0)
            return response
        }
    }

    /// A JSON answer, gzip-compressed when the caller accepts it and it is worth it.
    static func json(_ bytes: [UInt8], acceptEncoding: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        var buffer = ByteBuffer(bytes: bytes)
        if bytes.count > 1024, acceptEncoding?.lowercased().contains("gzip") == true, let compressed = try? buffer.compress(with: .gzip()) {
            headers[.contentEncoding] = "gzip"
            buffer = compressed
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }
}
