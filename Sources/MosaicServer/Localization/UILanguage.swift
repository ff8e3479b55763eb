import Foundation

/// A language the web interface speaks, as read from its locale file (``Translations``): its code,
/// its own name, its words (`t.KEY` in templates), labels for the catalogue's slugs, and the locale
/// that formats its dates, numbers, country and language names.
///
/// Two languages are equal when their codes are; the tables only travel with the code.
public struct UILanguage: Sendable, Hashable {
    /// The language's code, the locale file's name: `en`, `de` (as in `?lang=` and `<html lang>`).
    public let code: String
    /// The language's name in itself (`Deutsch`), for the language switch.
    public let name: String
    /// Every word of the interface, already completed with English where this file has none.
    let words: [String: String]
    /// Labels by kind (``SlugKind``) then slug.
    let labels: [String: [String: String]]
    /// Formats dates and numbers and names countries and languages (Foundation's CLDR data).
    let locale: Locale
    /// Made once per language: a catalogue page formats a date per result.
    private let dateStyle: Date.FormatStyle
    private let numberStyle: IntegerFormatStyle<Int64>
    private let dayStyle: Date.FormatStyle

    init(code: String, name: String, words: [String: String], labels: [String: [String: String]]) {
        self.code = code
        self.name = name
        self.words = words
        self.labels = labels
        locale = Locale(identifier: code)
        dateStyle = Date.FormatStyle(
            date: .abbreviated, time: .shortened, locale: locale, calendar: Calendar(identifier: .gregorian), timeZone: .gmt)
        numberStyle = IntegerFormatStyle<Int64>.number.locale(locale)
        dayStyle = Date.FormatStyle(date: .long, time: .omitted, locale: locale, calendar: Calendar(identifier: .gregorian), timeZone: .gmt)
    }

    /// A language with no words (every word shows as its key) until ``AccountAuthenticator`` sets the
    /// reader's language from the loaded files.
    public static let unset = UILanguage(code: Translations.defaultCode, name: "English", words: [:], labels: [:])

    public static func == (lhs: UILanguage, rhs: UILanguage) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The word `key`, or the key itself when no file has it.
    func word(_ key: String) -> String { words[key] ?? key }

    /// The word `key` with its `{name}` placeholders replaced by `values` (one pass: a value that
    /// contains braces is never read as a placeholder); an unknown placeholder is left as written.
    func format(_ key: String, _ values: [String: String]) -> String {
        PlaceholderText.fill(word(key), values)
    }

    /// The label of a catalogue slug (`non-punishment` → `Straffreiheit für Betroffene`), or the slug
    /// itself when no file names it.
    func label(_ kind: SlugKind, _ slug: String) -> String { labels[kind.rawValue]?[slug] ?? slug }

    /// The labels of `kind` in this language, slug → label (for hints listing known values).
    func labels(_ kind: SlugKind) -> [String: String] { labels[kind.rawValue] ?? [:] }

    /// The value to store for what a reader typed into set field `field`: a label, country name or
    /// language name in this language (any case) stands for its slug or code (`Fortbildung` →
    /// `training`, `Belgien` → `BE`); anything else is kept as typed (a slug, a code, a new theme).
    /// The web form shows values by name, so this is its way back.
    func storedValue(_ field: String, _ typed: String) -> String {
        func same(_ a: String, _ b: String) -> Bool { a.compare(b, options: [.caseInsensitive, .diacriticInsensitive]) == .orderedSame }
        switch field {
        case "themes", "target_groups":
            let kind: SlugKind = field == "themes" ? .theme : .targetGroup
            return labels(kind).first { same($0.value, typed) }?.key ?? typed
        case "countries":
            guard typed.count > 2 else { return typed.uppercased() }
            return Locale.Region.isoRegions.lazy.map(\.identifier).first { code in
                locale.localizedString(forRegionCode: code).map { same($0, typed) } ?? false
            } ?? typed
        case "languages":
            guard typed.count > 3 else { return typed.lowercased() }
            return Locale.LanguageCode.isoLanguageCodes.lazy.map(\.identifier).first { code in
                locale.localizedString(forLanguageCode: code).map { same($0, typed) } ?? false
            } ?? typed
        default: return typed
        }
    }

    /// A country's name from an ISO 3166-1 alpha-2 code (`DE` → `Allemagne` in French), or the code.
    func country(_ code: String) -> String { locale.localizedString(forRegionCode: code) ?? code }

    /// A language's name from its tag (`fr` → `Französisch` in German), or the tag.
    func languageName(_ tag: String) -> String { locale.localizedString(forLanguageCode: tag) ?? tag }

    /// A moment for people, in this locale's date order and month names, in UTC (`29. Nov. 2026, 6:00 UTC` in German).
    func time(millis: Int64) -> String {
        Date(timeIntervalSince1970: Double(millis) / 1000).formatted(dateStyle) + " UTC"
    }

    /// ``time(millis:)`` of an RFC 3339 moment as ``Moment/rfc3339(_:)`` writes it; other text is returned as is.
    func time(_ rfc3339: String) -> String {
        guard let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(rfc3339) else { return rfc3339 }
        return time(millis: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// A calendar day written `YYYY-MM-DD` (a project's `start`, `end`) in this locale (`1. März 2026` in
    /// German); other text is returned as is.
    func day(_ value: String) -> String {
        guard value.utf8.count == 10, let date = try? Date(value + "T00:00:00Z", strategy: .iso8601) else { return value }
        return date.formatted(dayStyle)
    }

    /// A count with this locale's digit grouping (`12 345` in French, `12.345` in German).
    func number(_ value: some BinaryInteger) -> String { Int64(value).formatted(numberStyle) }
}

/// The kinds of catalogue slugs a locale file labels, by their key under `labels`.
enum SlugKind: String, Sendable, CaseIterable {
    /// Record types: `practice`, `project`.
    case type
    /// `themes` values.
    case theme
    /// `status` values (of practices and projects).
    case status
    /// `target_groups` values.
    case targetGroup = "target_group"
    /// `visibility` values: `network`, `private`.
    case visibility
}
