import Hummingbird

/// An HTML page as a response, served as UTF-8 `text/html`.
struct HTML: ResponseGenerator {
    let text: String
    let status: HTTPResponse.Status

    init(_ text: String, status: HTTPResponse.Status = .ok) {
        self.text = text
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Escapes text for HTML element content and quoted attribute values.
enum HTMLEscape {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
