import Foundation
import MosaicCore

/// What a catalogue listing or search asks for, read and checked from query parameters: the one
/// parser of a catalogue query, used by the pages, the API, the dashboard and its CSV, and the
/// command line (which passes its options as the same parameters).
public struct ListingRequest: Sendable, Hashable {
    /// The words searched for (`q`), or `nil` for every record.
    public var query: String?
    public var filter = RecordFilter()
    public var sort: ListingSort = .relevance
    /// The page asked for, from 1, and records per page.
    public var page = 1
    public var perPage = 20

    /// Most characters of `q`.
    public static let maxQueryLength = 1000
    /// What each checked parameter must be, for error messages.
    public static let expected = [
        "type": "practice or project", "sort": ListingSort.allCases.map(\.rawValue).joined(separator: ", "),
        "page": "a whole number from \(pages.lowerBound) to \(pages.upperBound)",
        "per_page": "a whole number from \(perPageRange.lowerBound) to \(perPageRange.upperBound)",
        "needs_translation": "a language tag such as en, fr, de or ru",
        "country": "an ISO 3166-1 alpha-2 code such as BE, MD or KZ",
    ]
    public static let pages = 1...10_000
    public static let perPageRange = 1...100

    /// Why the query string cannot be used: which parameter, and what it must be.
    public struct Invalid: Error, Sendable, Equatable {
        /// The parameter at fault (`type`, `page`, …).
        public let parameter: String
        /// What it must be.
        public let message: String
    }

    /// Reads `q`, the facet filters, `sort`, `page` and `per_page`; empty values mean "any".
    /// - Throws: ``Invalid`` naming the first parameter that is not what it must be.
    public init(_ parameters: [String: String]) throws(Invalid) {
        /// Free text: empty means any. Choices and numbers: empty is an error like any other bad value.
        let choices: Set<String> = ["type", "sort", "page", "per_page", "needs_translation"]
        func value(_ name: String) throws(Invalid) -> String? {
            guard let text = parameters[name]?.trimmingCharacters(in: .whitespaces) else { return nil }
            guard !text.isEmpty else {
                if choices.contains(name) { throw Invalid(parameter: name, message: Self.expected[name] ?? "a value") }
                return nil
            }
            // Bounded in bytes too (as field limits are): one "character" may be thousands of combining marks.
            let limit = name == "q" ? Self.maxQueryLength : 100
            guard text.utf8.count <= CatalogueSchema.bytes(limit), text.count <= limit else {
                throw Invalid(parameter: name, message: "at most \(limit) characters and \(CatalogueSchema.bytes(limit)) bytes in UTF-8")
            }
            return text
        }
        func number(_ name: String, _ range: ClosedRange<Int>, default fallback: Int) throws(Invalid) -> Int {
            guard let text = try value(name) else { return fallback }
            guard let number = Int(text), range.contains(number) else { throw Invalid(parameter: name, message: Self.expected[name]!) }
            return number
        }
        query = try value("q")
        if let type = try value("type") {
            guard let recordType = RecordType(rawValue: type) else { throw Invalid(parameter: "type", message: Self.expected["type"]!) }
            filter.type = recordType
        }
        filter.member = try value("member")
        if let country = try value("country") {
            // A name such as "germany" would match nothing, silently: refused, as the CLI always did.
            guard let code = CountryCode(country) else {
                throw Invalid(parameter: "country", message: Self.expected["country"]!)
            }
            filter.country = code.rawValue
        }
        filter.theme = try value("theme")
        filter.status = try value("status")
        filter.language = try value("language")
        if let lang = try value("needs_translation") {
            guard let tag = LanguageTag(lang) else {
                throw Invalid(parameter: "needs_translation", message: Self.expected["needs_translation"]!)
            }
            filter.needsTranslation = tag.rawValue
        }
        if let sort = try value("sort") {
            guard let chosen = ListingSort(rawValue: sort) else { throw Invalid(parameter: "sort", message: Self.expected["sort"]!) }
            self.sort = chosen
        } else {
            sort = query == nil ? .title : .relevance
        }
        page = try number("page", Self.pages, default: 1)
        perPage = try number("per_page", Self.perPageRange, default: 20)
    }

    /// The filters as query items (for links that keep them), without `page`.
    public var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if let query { items.append(("q", query)) }
        if let type = filter.type { items.append(("type", type.rawValue)) }
        for (name, value) in [
            ("member", filter.member), ("country", filter.country), ("theme", filter.theme), ("status", filter.status),
            ("language", filter.language), ("needs_translation", filter.needsTranslation),
        ] {
            if let value { items.append((name, value)) }
        }
        items.append(("sort", sort.rawValue))
        return items
    }

    /// The value of a facet's filter.
    public func selected(_ facet: CatalogueFacet) -> String? {
        switch facet {
        case .type: filter.type?.rawValue
        case .member: filter.member
        case .country: filter.country
        case .theme: filter.theme
        case .status: filter.status
        case .language: filter.language
        }
    }
}
