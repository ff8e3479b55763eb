import Foundation

/// The language ranges of an `Accept-Language` header (RFC 9110 §12.5.4), best first.
enum AcceptLanguage {
    /// Headers longer than this are read only up to it; ranges beyond the first 20 are ignored.
    static let maxBytes = 1_000
    static let maxRanges = 20

    /// The header's language ranges, lower-cased, by falling quality (`q`, 1 when absent), in header
    /// order among equal qualities; ranges with `q=0` (not acceptable), `*` and unreadable `q` values are dropped.
    static func ranges(_ header: String) -> [String] {
        let ranked = header.utf8.prefix(maxBytes).split(separator: UInt8(ascii: ",")).prefix(maxRanges).enumerated()
            .compactMap { index, item -> (range: String, quality: Double, index: Int)? in
                let parts = Substring(decoding: item, as: UTF8.self).split(separator: ";")
                guard let range = parts.first?.trimmingCharacters(in: .whitespaces).lowercased(), !range.isEmpty, range != "*"
                else { return nil }
                var quality = 1.0
                for parameter in parts.dropFirst() {
                    let text = parameter.trimmingCharacters(in: .whitespaces).lowercased()
                    guard text.hasPrefix("q=") else { continue }
                    guard let value = Double(text.dropFirst(2)), (0...1).contains(value) else { return nil }
                    quality = value
                }
                return quality > 0 ? (range, quality, index) : nil
            }
        return ranked.sorted { $0.quality != $1.quality ? $0.quality > $1.quality : $0.index < $1.index }.map(\.range)
    }
}
