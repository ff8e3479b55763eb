import CompressNIO
import HTTPTypes
import Hummingbird
import MosaicCore
import MosaicStore
import MosaicSync

/// `GET /sync/v1/vector`, `POST /sync/v1/pull` and `POST /sync/v1/callers`, behind ``SyncAuthenticator`` (their `signedByMember` guard).
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
            do {
                try await recordCaller(request, context, pull, answer)
            } catch {
                // The sync map is informational: a failed write of it never fails the pull it describes.
                context.logger.warning("could not record the caller of a pull for the sync map: \(error)")
            }
            let response = Self.json(answer.bytes, acceptEncoding: request.headers[.acceptEncoding])
            await metrics.recordServed(commits: answer.commits.count, bytes: response.body.contentLength ?? 0)
            return response
        }
        routes.add(.post, "/callers", access: .signedByMember, changesState: true) { request, context -> Response in
            try refuseIncompatible(request)
            guard let reporter = context.peer, let report = CallerReport(bytes: context.verifiedBody) else {
                throw SyncHTTPError(
                    .badRequest, kind: "bad-body",
                    "expected {\"callers\": [{\"member\": \"id\", \"vector\": {…}, \"pulled_at\": ms}, …]} with at most "
                        + "\(CallerReport.maxCallers) distinct members (docs/PROTOCOL.md §15)")
            }
            try await SyncCallers(store: catalogue.store).recordReport(
                report.callers, from: reporter, to: catalogue.member, directory: catalogue.directory)
            return Self.json(JSONValue.object(["callers": .int(Int64(report.callers.count))]).canonicalBytes)
        }
    }

    /// Remembers who pulled (the verified signer), the vector it holds once it applied this answer
    /// and the versions it announced: one upsert per pull request, for the sync map (`/network`).
    private func recordCaller(_ request: Request, _ context: NodeRequestContext, _ pull: PullRequest, _ answer: PullResponse) async throws {
        guard let member = context.peer else { return }
        var held = pull.vector
        if !answer.more {
            // The last page of a round: the caller then holds all this node has (of the origins it asked for).
            let sent = pull.origins.map { origins in VersionVector(answer.vector.entries.filter { origins.contains($0.key) }) }
            held = held.merged(with: sent ?? answer.vector)
        }
        let announced = Self.announced(request)
        try await SyncCallers(store: catalogue.store).recordPull(
            SyncCaller(
                member: member, vector: held, pulledAt: catalogue.nowMillis, software: announced.software,
                protocolVersion: announced.protocolVersion?.description
            ).restricted(to: catalogue.directory))
    }

    /// The versions a request announces (`Mosaic-Protocol`, `Mosaic-Software`).
    private static func announced(_ request: Request) -> PeerVersion {
        PeerVersion { name in HTTPField.Name(name).flatMap { request.headers[$0] } }
    }

    /// Refuses a caller of another major protocol version (`Mosaic-Protocol`), naming both versions.
    private func refuseIncompatible(_ request: Request) throws {
        if let refusal = Self.announced(request).refusal(by: catalogue.knownOperations) {
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
