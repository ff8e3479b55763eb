/// A language tag in the simple BCP 47 form used for multilingual fields: `fr`, `en`, `pt-BR`.
public struct LanguageTag: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The tag exactly as written.
    public let rawValue: String

    /// Creates a tag, or `nil` when `rawValue` is not a 2–3 letter lowercase language
    /// optionally followed by `-` subtags of 2–8 letters or digits.
    public init?(_ rawValue: String) {
        let parts = rawValue.split(separator: "-", omittingEmptySubsequences: false)
        guard let language = parts.first, (2...3).contains(language.utf8.count),
            language.utf8.allSatisfy({ (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }),
            parts.dropFirst().allSatisfy({ subtag in
                (2...8).contains(subtag.utf8.count)
                    && subtag.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            })
        else { return nil }
        self.rawValue = rawValue
    }

    /// The rule in words, for error messages.
    public static let ruleDescription = "a language tag such as 'fr', 'en' or 'pt-BR'"

    public var description: String { rawValue }
    public static func < (lhs: LanguageTag, rhs: LanguageTag) -> Bool { lhs.rawValue < rhs.rawValue }
}
