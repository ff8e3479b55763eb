import CompressNIO
import HTTPTypes
import Hummingbird
import MosaicCore
import MosaicStore
import MosaicSync

/// `GET /sync/v1/vector` and `POST /sync/v1/pull`, behind ``SyncAuthenticator`` (their `signedByMember` guard).
struct SyncRoutes: Sendable {
    let catalogue: NodeCatalogue
    let maxPageBytes: Int
    let metrics: NodeMetrics

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        routes.add(.get, "/vector", access: .signedByMember) { request, _ -> Response in
            try refuseIncompatible(request)
            let answer = VectorResponse(
                member: catalogue.member, vector: try await catalogue.sharedVector(), digest: try await catalogue.digest(),
                directoryDigest: catalogue.directory.digest)
            return Self.json(answer.bytes)
        }
        routes.add(.post, "/pull", access: .signedByMember) { request, context -> Response in
            try refuseIncompatible(request)
            guard let pull = PullRequest(bytes: context.verifiedBody) else {
                throw SyncHTTPError(.badRequest, kind: "bad-body", "expected {\"limit\": 1…10000, \"vector\": {\"member-id\": seq, …}}")
            }
            let answer = try await PullAnswer.page(from: catalogue, for: pull, maxPageBytes: maxPageBytes)
            let response = Self.json(answer.bytes, acceptEncoding: request.headers[.acceptEncoding])
            await metrics.recordServed(commits: answer.commits.count, bytes: response.body.contentLength ?? 0)
            return response
        }
    }

    /// Refuses a caller of another major protocol version (`Mosaic-Protocol`), naming both versions.
    private func refuseIncompatible(_ request: Request) throws {
        let announced = PeerVersion { name in HTTPField.Name(name).flatMap { request.headers[$0] } }
        if let refusal = announced.refusal(by: catalogue.knownOperations) {
            throw SyncHTTPError(.badRequest, kind: PeerVersion.incompatibleKind, refusal)
        }
    }

    /// A JSON answer, gzip-compressed when the caller accepts it and it is worth it, with this node's versions.
    static func json(_ bytes: [UInt8], acceptEncoding: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        PeerVersion.this(.current).add(to: &headers)
        var buffer = ByteBuffer(bytes: bytes)
        if bytes.count > 1024, acceptEncoding?.lowercased().contains("gzip") == true, let compressed = try? buffer.compress(with: .gzip()) {
            headers[.contentEncoding] = "gzip"
            buffer = compressed
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }
}
