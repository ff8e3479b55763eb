import Foundation
import Hummingbird
import MosaicCore

/// Reads a JSON request body: `application/json`, at most 1 MiB, strictly parsed.
enum JSONBody {
    static let maxBytes = 1 << 20

    static func object(_ request: Request, context: some RequestContext) async throws -> [String: JSONValue] {
        guard ContentType.isJSON(request.headers[.contentType]) else {
            throw Problem(.unsupportedMediaType, "unsupported-media-type", "send the body as application/json")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw Problem(.contentTooLarge, "too-large", "the body is larger than \(maxBytes) bytes")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw Problem(.contentTooLarge, "too-large", "the body is larger than \(maxBytes) bytes")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(buffer.readableBytesView)
        } catch {
            throw Problem(.badRequest, "malformed-json", "the body is not valid JSON: \(error)")
        }
        guard let object = value.objectValue else { throw Problem(.badRequest, "malformed-json", "the body must be a JSON object") }
        return object
    }
}

/// A JSON response from an `Encodable` value with the API's key style.
struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator {
    let status: HTTPResponse.Status
    let value: Value
    var location: String?

    init(_ value: Value, status: HTTPResponse.Status = .ok, location: String? = nil) {
        self.value = value
        self.status = status
        self.location = location
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if let location { headers[.location] = location }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
