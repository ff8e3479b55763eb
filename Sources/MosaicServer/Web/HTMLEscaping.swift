import Mustache

/// How every template escapes the values it prints: `<`, `>`, `&`, `"` and `'` are replaced byte by
/// byte in the UTF-8 text. The library's own HTML escaping compares whole Characters, so a quote
/// followed by a combining mark (`"\u{301}`, one Character) was printed as it is and closed an
/// attribute value; it also cost a dictionary lookup per character (a tenth of a catalogue page's
/// time). Templates select it with `{{% CONTENT_TYPE: HTML_BYTES}}` (``PageRenderer`` checks that each does).
struct HTMLBytesEscaping: MustacheContentType {
    static let name = "HTML_BYTES"
    static let pragma = "{{% CONTENT_TYPE: \(name)}}"

    func escapeText(_ text: String) -> String { Self.escape(text) }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") })
        else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 32)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "<"): escaped.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): escaped.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "&"): escaped.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "\""): escaped.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): escaped.append(contentsOf: "&#39;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    /// Makes the content type known to the template parser (before any template is registered).
    static func register() { MustacheContentTypes.register(HTMLBytesEscaping(), named: name) }
}
