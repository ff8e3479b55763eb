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
            let answer = VectorResponse(member: catalogue.member, vector: try await catalogue.vector(), digest: try await catalogue.digest())
            return Self.json(answer.bytes)
        }
        group.post("pull") { _, context -> Response in
            guard let pull = PullRequest(bytes: context.verifiedBody) else {
                throw SyncHTTPError(.badRequest, "expected {\"limit\": 1…10000, \"vector\": {\"member-id\": seq, …}}")
            }
            let page = try await catalogue.commits(after: pull.vector, limit: pull.limit, maxBytes: maxPageBytes)
            let answer = PullResponse(commits: page.commits, more: page.more, vector: try await catalogue.vector())
            let bytes = answer.bytes
            await metrics.recordServed(commits: page.commits.count, bytes: bytes.count)
            return Self.json(bytes)
        }
    }

    static func json(_ bytes: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
