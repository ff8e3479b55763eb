import Foundation

/// The interface's languages, one per locale file in `Resources/Locales/` (`CODE.json`), read once at
/// start. Adding a language means adding one file (docs/TRANSLATING.md): nothing lists languages in code
/// but ``defaultCode``, the language every other file is completed from.
public struct Translations: Sendable {
    /// The language whose file must exist and fills in any word or label another file lacks.
    public static let defaultCode = "en"
    /// A locale file larger than this is refused (the shipped ones are under 10 kB).
    static let maxFileBytes = 256 * 1024
    /// More locale files than this are refused.
    static let maxFiles = 60

    /// Every language, the default first, then by code.
    public let languages: [UILanguage]

    /// The language with `code` (`de`), or `nil` when no file provides it.
    public func language(_ code: String) -> UILanguage? { languages.first { $0.code == code } }

    /// The first language of an `Accept-Language` header (q-values honoured) that a file provides,
    /// matching a range exactly (`de`) or by its primary subtag (`de-AT` → `de`).
    public func preferred(by header: String?) -> UILanguage? {
        guard let header else { return nil }
        for range in AcceptLanguage.ranges(header) {
            if let exact = language(range) { return exact }
            if let primary = range.split(separator: "-").first.flatMap({ language(String($0)) }) { return primary }
        }
        return nil
    }

    /// The shipped locale files.
    public static func shipped() throws -> Translations {
        try load(from: ModuleResources.root.appendingPathComponent("Locales"))
    }

    /// Reads every `CODE.json` in `folder` (`CODE` is 2 or 3 lower-case letters, ISO 639).
    /// - Throws: ``Invalid`` naming the file and what to fix: a bad name, a file too large, JSON
    ///   not of the shape `{"name": …, "words": {…}, "labels": {KIND: {SLUG: …}}}`, an unknown label
    ///   kind, or no `en.json`.
    public static func load(from folder: URL) throws -> Translations {
        let files = try readFiles(in: folder)
        let base = files[defaultCode]!
        let languages = files.keys.sorted { ($0 == defaultCode ? 0 : 1, $0) < ($1 == defaultCode ? 0 : 1, $1) }.map { code in
            let file = files[code]!
            return UILanguage(
                code: code, name: file.name, words: base.words.merging(file.words) { _, own in own },
                labels: base.labels.merging(file.labels) { english, own in english.merging(own) { _, own in own } })
        }
        return Translations(languages: languages)
    }

    /// What each file in `folder` lacks against `en.json`, one line each (empty when every file is
    /// complete): a missing word or label, or a text whose `{placeholders}` differ from the English one.
    /// Extra keys are reported too, as they are never shown.
    /// - Throws: ``Invalid`` as ``load(from:)`` does.
    public static func gaps(in folder: URL) throws -> [String] {
        let files = try readFiles(in: folder)
        let base = files[defaultCode]!
        func texts(_ file: LocaleFile) -> [String: String] {
            var all = file.words.mapKeys { "words.\($0)" }
            for (kind, labels) in file.labels { all.merge(labels.mapKeys { "labels.\(kind).\($0)" }) { first, _ in first } }
            return all
        }
        let english = texts(base)
        var gaps: [String] = []
        for code in files.keys.sorted() where code != defaultCode {
            let own = texts(files[code]!)
            for key in english.keys.sorted() {
                guard let text = own[key] else {
                    gaps.append("\(code).json lacks \(key) (English: \"\(english[key]!)\")")
                    continue
                }
                let expected = PlaceholderText.names(english[key]!).sorted(), found = PlaceholderText.names(text).sorted()
                if expected != found {
                    gaps.append("\(code).json \(key) has placeholders \(found) where English has \(expected)")
                }
            }
            for key in own.keys.sorted() where english[key] == nil { gaps.append("\(code).json has \(key), which en.json lacks") }
        }
        return gaps
    }

    /// Every `CODE.json` of `folder`, read and checked, by code; `en.json` is among them.
    private static func readFiles(in folder: URL) throws -> [String: LocaleFile] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        guard names.count <= maxFiles else {
            throw Invalid(file: folder.path, problem: "holds \(names.count) locale files; at most \(maxFiles) are read")
        }
        var files: [String: LocaleFile] = [:]
        for name in names {
            let code = String(name.dropLast(".json".count))
            guard code.count >= 2, code.count <= 3, code.allSatisfy({ $0.isASCII && $0.isLowercase }) else {
                throw Invalid(
                    file: name,
                    problem: "is not named after a language code; name it CODE.json with a 2- or 3-letter ISO 639 code, e.g. de.json")
            }
            files[code] = try LocaleFile.read(folder.appendingPathComponent(name), maxBytes: maxFileBytes)
        }
        guard files[defaultCode] != nil else {
            throw Invalid(file: "\(defaultCode).json", problem: "is missing from \(folder.path); every other language is completed from it")
        }
        return files
    }

    /// A locale file that cannot be used, with the file's name and what to fix.
    public struct Invalid: Error, CustomStringConvertible {
        public let file: String
        public let problem: String
        public var description: String { "locale file \(file) \(problem)" }
    }
}

/// One locale file as written: `{"name": "Deutsch", "words": {KEY: TEXT}, "labels": {KIND: {SLUG: TEXT}}}`.
struct LocaleFile: Decodable, Sendable {
    let name: String
    let words: [String: String]
    let labels: [String: [String: String]]

    /// Reads and checks one file (at most `maxBytes`).
    static func read(_ url: URL, maxBytes: Int) throws -> LocaleFile {
        let file = url.lastPathComponent
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        guard size <= maxBytes else { throw Translations.Invalid(file: file, problem: "has \(size) bytes; at most \(maxBytes) are read") }
        let parsed: LocaleFile
        do {
            parsed = try JSONDecoder().decode(LocaleFile.self, from: Data(contentsOf: url))
        } catch let error as DecodingError {
            throw Translations.Invalid(file: file, problem: "is not a locale file: \(describe(error))")
        }
        let kinds = Set(SlugKind.allCases.map(\.rawValue))
        if let unknown = parsed.labels.keys.sorted().first(where: { !kinds.contains($0) }) {
            throw Translations.Invalid(
                file: file, problem: "has labels of an unknown kind '\(unknown)'; the kinds are \(kinds.sorted().joined(separator: ", "))")
        }
        guard !parsed.name.isEmpty else {
            throw Translations.Invalid(file: file, problem: "has an empty \"name\"; write the language's name in itself")
        }
        return parsed
    }

    /// Where the JSON went wrong, as a path of keys (`words.search`) and what was expected.
    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).joined(separator: ".")
            return keys.isEmpty ? "" : " at \(keys)"
        }
        switch error {
        case .keyNotFound(let key, let context): return "the key \"\(key.stringValue)\" is missing\(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "a value\(path(context)) must be text (or an object of texts): \(context.debugDescription)"
        case .dataCorrupted(let context): return "the JSON is not well formed\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

extension Dictionary where Key == String {
    /// The same values under keys rewritten by `transform` (keys must stay distinct).
    fileprivate func mapKeys(_ transform: (String) -> String) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}
