import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` form body, read with a size bound.
struct FormData: Sendable {
    /// Largest form body read (a record's description is at most 20,000 characters per language).
    static let maxBytes = 512 * 1024

    private(set) var fields: [String: [String]] = [:]

    subscript(name: String) -> String? { fields[name]?.first }

    init(fields: [String: [String]]) { self.fields = fields }

    /// Reads `request`'s form.
    /// - Throws: 413 when too large, 415 when not a form.
    static func read(_ request: Request, context: some RequestContext) async throws -> FormData {
        try requireForm(request)
        let buffer = try await request.body.collect(upTo: maxBytes)
        return parse(String(buffer: buffer))
    }

    /// Reads `request`'s form and keeps the body on `request`, so that the handler can read it again.
    /// - Throws: 413 when too large, 415 when not a form.
    static func read(_ request: inout Request, context: some RequestContext) async throws -> FormData {
        try requireForm(request)
        _ = try await request.collectBody(upTo: maxBytes)
        return try await read(request, context: context)
    }

    private static func requireForm(_ request: Request) throws {
        guard ContentType.isForm(request.headers[.contentType]) else {
            throw HTTPError(.unsupportedMediaType, message: "Expected a form (application/x-www-form-urlencoded).")
        }
    }

    /// Parses `a=1&b=2` with `+` as space and percent-escapes.
    static func parse(_ text: String) -> FormData {
        var fields: [String: [String]] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            let name = decode(parts[0])
            fields[name, default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        return FormData(fields: fields)
    }
}
