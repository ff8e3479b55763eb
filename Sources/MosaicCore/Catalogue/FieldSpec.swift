import Foundation

/// How a field merges.
public enum FieldKind: String, Sendable, Hashable {
    /// One multi-value register per language tag (`title.fr`, `title.en`).
    case multilingual
    /// One multi-value register.
    case register
    /// An add-wins observed-remove set.
    case set
}

/// One field of the catalogue: its name, merge kind, the record types that have it and
/// the rule its values follow.
public struct FieldSpec: Sendable {
    /// The field's name, as in commits, CSV headers and `--set FIELD=VALUE`.
    public let name: String
    /// How concurrent writes merge.
    public let kind: FieldKind
    /// Record types having this field.
    public let types: Set<RecordType>
    /// The rule in words, for error messages.
    public let rule: String
    private let accepts: @Sendable (String, RecordType?) -> Bool

    init(
        _ name: String, _ kind: FieldKind, _ types: Set<RecordType>, rule: String,
        accepts: @escaping @Sendable (String, RecordType?) -> Bool
    ) {
        self.name = name
        self.kind = kind
        self.types = types
        self.rule = rule
        self.accepts = accepts
    }

    /// Whether `value` is valid for this field; `type` narrows type-specific rules (status).
    /// An empty value clears a register and is always valid there.
    public func isValid(_ value: String, for type: RecordType? = nil) -> Bool {
        if value.isEmpty { return kind != .set }
        return accepts(value, type)
    }
}

/// The catalogue's fields (DESIGN.md "Data model").
public enum CatalogueSchema {
    static let both: Set<RecordType> = [.practice, .project]
    public static let practiceStatuses = ["draft", "published", "archived"]
    public static let projectStatuses = ["idea", "proposal", "funded", "running", "completed", "dropped"]

    /// The fields whose value is a whole number, which JSON may give as a number or as text.
    public static let numberFields: Set<String> = ["year", "budget_eur"]

    /// Every field, by name.
    public static let fields: [String: FieldSpec] = Dictionary(
        uniqueKeysWithValues: [
            FieldSpec("title", .multilingual, both, rule: textRule(300)) { v, _ in text(v, 300) },
            FieldSpec("summary", .multilingual, [.practice], rule: textRule(2000)) { v, _ in text(v, 2000) },
            FieldSpec("description", .multilingual, both, rule: textRule(20_000)) { v, _ in text(v, 20_000) },
            FieldSpec("results", .multilingual, [.practice], rule: textRule(2000)) { v, _ in text(v, 2000) },
            FieldSpec("themes", .set, both, rule: tagRule) { v, _ in tag(v) },
            FieldSpec("countries", .set, both, rule: "an ISO 3166-1 alpha-2 code such as BE") { v, _ in CountryCode(v) != nil },
            FieldSpec("languages", .set, [.practice], rule: "a language tag such as fr") { v, _ in LanguageTag(v) != nil },
            FieldSpec("target_groups", .set, [.practice], rule: tagRule) { v, _ in tag(v) },
            FieldSpec(
                "links", .set, [.practice], rule: "an http(s) URL of at most 2,000 characters and \(grouped(bytes(2000))) bytes in UTF-8"
            ) { v, _ in url(v) },
            FieldSpec("year", .register, [.practice], rule: "a year from 1900 to 2100") { v, _ in
                Int(v).map { (1900...2100).contains($0) && String($0) == v } ?? false
            },
            FieldSpec(
                "status", .register, both,
                rule: "for a practice draft, published or archived; for a project idea, proposal, funded, running, completed or dropped"
            ) { v, type in
                switch type {
                case .practice: practiceStatuses.contains(v)
                case .project: projectStatuses.contains(v)
                case nil: practiceStatuses.contains(v) || projectStatuses.contains(v)
                }
            },
            FieldSpec("contact", .register, [.practice], rule: lineRule(200)) { v, _ in line(v, 200) },
            FieldSpec("visibility", .register, both, rule: "network or private") { v, _ in ["network", "private"].contains(v) },
            FieldSpec("partners", .set, [.project], rule: "a member id") { v, _ in MemberID(v) != nil },
            FieldSpec("funding_programme", .register, [.project], rule: lineRule(200)) { v, _ in line(v, 200) },
            FieldSpec("budget_eur", .register, [.project], rule: "a whole number of euros from 0 to 1,000,000,000,000") { v, _ in
                Int64(v).map { (0...1_000_000_000_000).contains($0) && String($0) == v } ?? false
            },
            FieldSpec("start", .register, [.project], rule: "a date YYYY-MM-DD") { v, _ in date(v) },
            FieldSpec("end", .register, [.project], rule: "a date YYYY-MM-DD") { v, _ in date(v) },
            FieldSpec("related_practices", .set, [.project], rule: "a record id (UUID)") { v, _ in RecordID(v) != nil },
        ].map { ($0.name, $0) })

    /// Field names of a record type, in display order.
    public static func fieldNames(of type: RecordType) -> [String] {
        order.filter { fields[$0]!.types.contains(type) }
    }

    /// Display and export order of all fields.
    public static let order = [
        "title", "summary", "description", "status", "year", "themes", "countries", "languages", "target_groups", "results",
        "contact", "links", "partners", "funding_programme", "budget_eur", "start", "end", "related_practices", "visibility",
    ]

    /// Bytes (UTF-8) allowed per character of a limit: 4 is the most one Unicode scalar takes, so
    /// any text of at most `limit` characters without stacks of combining marks fits, and a
    /// "character" built of thousands of marks (a grapheme of 200 KB) does not.
    public static let bytesPerCharacter = 4

    /// The byte limit that goes with a limit of `characters`.
    public static func bytes(_ characters: Int) -> Int { characters * bytesPerCharacter }

    private static func textRule(_ limit: Int) -> String {
        "text of at most \(grouped(limit)) characters and \(grouped(bytes(limit))) bytes in UTF-8, "
            + "with no control character but line feed and tab"
    }

    private static func lineRule(_ limit: Int) -> String {
        "text of at most \(grouped(limit)) characters and \(grouped(bytes(limit))) bytes in UTF-8, on one line"
    }

    private static let tagRule = "a tag of at most 64 characters and \(bytes(64)) bytes in UTF-8"

    /// `20000` as `20,000`, as the rules are written.
    private static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    /// Whether `value` is within `limit` characters (grapheme clusters) and `bytes(limit)` UTF-8 bytes.
    /// The byte bound is checked first: it is cheap, and it bounds the cost of counting characters.
    static func within(_ value: String, _ limit: Int) -> Bool {
        let count = value.utf8.count
        return count <= limit || (count <= bytes(limit) && value.count <= limit)
    }

    private static func text(_ value: String, _ limit: Int) -> Bool {
        within(value, limit) && !value.utf8.contains { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 }
    }

    private static func line(_ value: String, _ limit: Int) -> Bool {
        within(value, limit) && !value.utf8.contains { $0 < 0x20 }
    }

    private static func tag(_ value: String) -> Bool {
        line(value, 64) && value.trimmingCharacters(in: .whitespaces) == value
    }

    private static func url(_ value: String) -> Bool {
        guard within(value, 2000), let components = URLComponents(string: value), let scheme = components.scheme?.lowercased() else {
            return false
        }
        return ["http", "https"].contains(scheme) && !(components.host ?? "").isEmpty
    }

    private static func date(_ value: String) -> Bool {
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard value.utf8.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts[0].count == 4, parts[1].count == 2, parts[2].count == 2, (1900...2100).contains(year), (1...12).contains(month)
        else { return false }
        let days = [31, (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...days[month - 1]).contains(day)
    }
}
