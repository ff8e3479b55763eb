import Foundation
import HTTPTypes
import Hummingbird
import MosaicCore
import MosaicStore
import MosaicSync

/// Guards the sync routes: body bounded (413 before parsing), JSON only (415), signed by a member
/// of the directory within the window and never replayed (401 with the reason). Nothing reaches
/// a handler otherwise.
struct SyncAuthenticator: RouterMiddleware {
    typealias Context = NodeRequestContext

    /// The node's effective directory now (it changes when a directory commit is applied).
    let directory: @Sendable () -> MemberDirectory
    /// This node's own endpoint now: a signature must name its authority (`nil`: any `Host`). It
    /// is read per request from the effective directory, so a node that moved (a published
    /// endpoint change) accepts requests signed for its new address without a restart.
    let node: @Sendable () -> URL?
    let maxBodyBytes: Int
    let windowSeconds: Int64
    let nonces: SyncNonces
    let metrics: NodeMetrics
    let now: @Sendable () -> Int64

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await check(request, context: context, next: next)
        } catch let error as SyncHTTPError {
            await metrics.recordRefused(status: Int(error.status.code), reason: error.kind)
            throw error
        }
    }

    private func check(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if request.method == .post {
            guard ContentType.isJSON(request.headers[.contentType]) else {
                throw SyncHTTPError(.unsupportedMediaType, kind: "media-type", "sync requests carry JSON: Content-Type: application/json")
            }
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodyBytes {
            throw SyncHTTPError(.contentTooLarge, kind: "too-large", "request body of \(length) bytes exceeds the limit of \(maxBodyBytes)")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            throw SyncHTTPError(.contentTooLarge, kind: "too-large", "request body exceeds the limit of \(maxBodyBytes) bytes")
        }
        let body = Array(buffer.readableBytesView)
        let headers: RequestSignature.Headers?
        let names = ["Signature-Input", "Signature", "Content-Digest"]
        let values = names.map { request.headers[HTTPField.Name($0)!] }
        if let input = values[0], let signature = values[1], let digest = values[2] {
            headers = RequestSignature.Headers(contentDigest: digest, signatureInput: input, signature: signature)
        } else {
            headers = nil
        }
        let nowSeconds = now() / 1000
        do {
            // Name the header that is missing, not always the first.
            if let missing = zip(names, values).first(where: { $0.1 == nil })?.0 { throw RequestSignature.Failure.missing(missing) }
            let verified = try RequestSignature.verify(
                method: request.method.rawValue, authority: request.head.authority, path: request.uri.path, body: body,
                headers: headers, directory: directory(), node: node(), now: nowSeconds,
                window: windowSeconds)
            // Recorded only now that the signature verified: an unauthenticated caller adds no row.
            // A signature is accepted while `created` is within the window of now, so its nonce
            // must be remembered for twice the window.
            switch try await nonces.use(
                verified.nonce, by: verified.member.rawValue, now: nowSeconds, expiresAt: nowSeconds + 2 * windowSeconds)
            {
            case .fresh: break
            case .replayed: throw RequestSignature.Failure.replayed
            case .full:
                throw SyncHTTPError(
                    .tooManyRequests, kind: "too-many-requests",
                    "more than \(nonces.perMemberCapacity) signed requests from \(verified.member) within \(2 * windowSeconds) seconds; "
                        + "slow down and retry later", retryAfterSeconds: windowSeconds)
            }
            context.peer = verified.member
        } catch let failure as RequestSignature.Failure {
            context.logger.notice("refused sync request: \(failure)")
            throw SyncHTTPError(.unauthorized, kind: failure.kind, failure.description)
        }
        context.verifiedBody = body
        return try await next(request, context)
    }
}

/// An HTTP error of the sync routes, with a plain-text reason.
struct SyncHTTPError: HTTPResponseError {
    let status: HTTPResponse.Status
    /// A short stable name of the refusal, for the metrics label.
    let kind: String
    let reason: String
    /// Sent as `Retry-After` when set.
    var retryAfterSeconds: Int64?

    init(_ status: HTTPResponse.Status, kind: String, _ reason: String, retryAfterSeconds: Int64? = nil) {
        self.status = status
        self.kind = kind
        self.reason = reason
        self.retryAfterSeconds = retryAfterSeconds
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        PeerVersion.this(.current).add(to: &headers)
        if let retryAfterSeconds { headers[.retryAfter] = "\(retryAfterSeconds)" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: reason + "\n")))
    }
}
