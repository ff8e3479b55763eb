import Foundation
import Hummingbird
import Logging
import MosaicCore
import MosaicStore

/// An RFC 9457 problem: what went wrong, for people and programs, as `application/problem+json`.
struct Problem: Error, Sendable, Encodable {
    /// One invalid input.
    struct FieldError: Encodable, Sendable {
        let field: String
        let message: String
    }

    let type: String
    let title: String
    let status: Int
    let detail: String
    let errors: [FieldError]?

    init(_ status: HTTPResponse.Status, _ slug: String, _ detail: String, errors: [FieldError]? = nil) {
        type = "https://mosaic.example/problems/\(slug)"
        title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
        self.errors = errors
    }

    func response() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return Response(
            status: HTTPResponse.Status(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The problem an error stands for; unexpected errors are logged and become a 500 that reveals nothing.
    static func from(_ error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem: return problem
        case let denied as AccessDenied:
            return denied.kind == .unauthenticated
                ? Problem(.unauthorized, "unauthenticated", denied.detail) : Problem(.forbidden, "forbidden", denied.detail)
        case let invalid as ListingRequest.Invalid:
            return Problem(
                .badRequest, "invalid-parameter", "query parameter '\(invalid.parameter)': expected \(invalid.message)",
                errors: [FieldError(field: invalid.parameter, message: invalid.message)])
        case let failure as SearchQuery.Failure:
            return Problem(.badRequest, "empty-search", failure.description, errors: [FieldError(field: "q", message: failure.description)])
        case let authoring as AuthoringError:
            switch authoring {
            case .recordNotFound, .conflictNotOpen, .proposalNotFound:
                return Problem(.notFound, "not-found", authoring.description)
            default:
                return Problem(.unprocessableContent, "invalid-change", authoring.description)
            }
        case let recovering as OwnCommitRecoveryPending:
            return Problem(.serviceUnavailable, "recovering-own-commits", recovering.description)
        case let store as StoreError:
            logger.error("request failed: \(store)")
            guard case .diskFull = store else {
                return Problem(.internalServerError, "internal", "the node could not answer; its log says why")
            }
            // The path stays in the log: a reader of the API learns what happened, not where files are.
            return Problem(
                HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), "disk-full",
                "the node's disk is full: nothing was changed; its operator must free space, then retry")
        case let draft as DraftError:
            return Problem(.unprocessableContent, "invalid-record", draft.message)
        case let http as HTTPError:
            let message = http.body ?? http.status.reasonPhrase
            return Problem(http.status, http.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "-"), message)
        default:
            logger.error("request failed: \(error)")
            return Problem(.internalServerError, "internal", "the node could not answer; its log says why")
        }
    }
}

/// Answers every error of the JSON API as a problem document.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = NodeRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Problem.from(error, logger: context.logger).response()
        }
    }
}
