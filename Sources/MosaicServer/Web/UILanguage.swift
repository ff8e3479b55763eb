/// A language the web interface speaks.
public enum UILanguage: String, Sendable, Hashable, CaseIterable {
    case en
    case fr

    /// The first language of an `Accept-Language` header that the interface speaks.
    static func preferred(by header: String?) -> UILanguage? {
        guard let header else { return nil }
        let ranked = header.split(separator: ",").prefix(20).compactMap { item -> (String, Double)? in
            let parts = item.split(separator: ";")
            guard let tag = parts.first?.trimmingCharacters(in: .whitespaces).lowercased(), !tag.isEmpty else { return nil }
            let quality = parts.dropFirst().compactMap { part -> Double? in
                let text = part.trimmingCharacters(in: .whitespaces)
                return text.hasPrefix("q=") ? Double(text.dropFirst(2)) : nil
            }.first ?? 1
            return (String(tag.split(separator: "-").first ?? ""), quality)
        }
        return ranked.filter { $0.1 > 0 }.sorted { $0.1 > $1.1 }.lazy.compactMap { UILanguage(rawValue: $0.0) }.first
    }
}
