import MosaicCore
import Yams

/// Reads the keys of one YAML mapping into typed values, collecting every problem
/// (unknown key, missing key, wrong type, out of range) with its line and column.
struct MappingReader {
    /// Key path of this mapping (`""` at the root, `sync` for a nested one).
    let path: String
    /// Where the mapping starts.
    let location: SourceLocation
    /// Problems found so far.
    private(set) var problems: [ConfigProblem] = []
    private var entries: [String: (key: Node, value: Node)] = [:]
    private let file: String

    /// Reads `node`, which must be a mapping whose keys are all in `allowed`.
    init(_ node: Node, file: String, path: String, allowed: [String]) {
        self.file = file
        self.path = path
        self.location = Self.location(of: node, file: file)
        guard case .mapping(let mapping) = node else {
            problems.append(
                location.problem(key: path, found: Self.describe(node), expected: "a mapping of keys (\(allowed.joined(separator: ", ")))"))
            return
        }
        for (keyNode, value) in mapping {
            let keyLocation = Self.location(of: keyNode, file: file)
            guard case .scalar(let scalar) = keyNode else {
                problems.append(
                    keyLocation.problem(key: path, found: "a key that is \(Self.describe(keyNode))", expected: "a plain key name"))
                continue
            }
            let name = scalar.string
            guard allowed.contains(name) else {
                problems.append(
                    keyLocation.problem(
                        key: fullKey(name), found: "the unknown key '\(name)'",
                        expected: "one of \(allowed.joined(separator: ", "))" + Suggestion.hint(for: name, among: allowed)))
                continue
            }
            entries[name] = (keyNode, value)
        }
    }

    /// `path.key`, or `key` at the root.
    func fullKey(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Where the value of `key` starts, or the mapping's start when the key is absent.
    func valueLocation(_ key: String) -> SourceLocation {
        entries[key].map { Self.location(of: $0.value, file: file) } ?? location
    }

    /// Whether `key` is written (even with an empty value).
    func has(_ key: String) -> Bool { entries[key] != nil }

    /// Records a problem found by a later check.
    mutating func report(_ problem: ConfigProblem) { problems.append(problem) }

    /// Records a problem at the value of `key`.
    mutating func report(_ key: String, found: String, expected: String) {
        problems.append(valueLocation(key).problem(key: fullKey(key), found: found, expected: expected))
    }

    /// A scalar value converted by `parse`; `nil` (and a problem, when required or malformed) otherwise.
    mutating func scalar<T>(_ key: String, required: Bool, expected: String, parse: (String) -> T?) -> T? {
        guard let (_, value) = entries[key] else {
            if required {
                problems.append(
                    location.problem(key: fullKey(key), found: "no '\(key)' key", expected: "\(expected) (this key is required)"))
            }
            return nil
        }
        guard case .scalar(let scalar) = value, !Self.isNull(scalar) else {
            report(key, found: Self.describe(value), expected: expected)
            return nil
        }
        guard let parsed = parse(scalar.string) else {
            report(key, found: "'\(scalar.string)'", expected: expected)
            return nil
        }
        return parsed
    }

    /// A non-empty string.
    mutating func string(_ key: String, required: Bool = false, expected: String) -> String? {
        scalar(key, required: required, expected: expected) { $0.isEmpty ? nil : $0 }
    }

    /// A whole number within `range`.
    mutating func integer(_ key: String, in range: ClosedRange<Int>, unit: String) -> Int? {
        let expected = "a whole number of \(unit) from \(range.lowerBound) to \(range.upperBound)"
        guard let number = scalar(key, required: false, expected: expected, parse: { Int($0) }) else { return nil }
        guard range.contains(number) else {
            report(key, found: "\(number)", expected: expected)
            return nil
        }
        return number
    }

    /// `true` or `false`.
    mutating func boolean(_ key: String) -> Bool? {
        scalar(key, required: false, expected: "true or false") { ["true": true, "false": false][$0] }
    }

    /// A list of scalars, each converted by `parse`; elements that fail are reported as `key[i]`.
    mutating func list<T>(_ key: String, expected: String, parse: (String) -> T?) -> [(value: T, location: SourceLocation)]? {
        guard let (_, value) = entries[key] else { return nil }
        guard case .sequence(let sequence) = value else {
            report(key, found: Self.describe(value), expected: "a list of \(expected), such as [a, b]")
            return nil
        }
        var result: [(T, SourceLocation)] = []
        for (index, element) in sequence.enumerated() {
            let elementLocation = Self.location(of: element, file: file)
            let elementKey = "\(fullKey(key))[\(index)]"
            guard case .scalar(let scalar) = element, !Self.isNull(scalar) else {
                problems.append(elementLocation.problem(key: elementKey, found: Self.describe(element), expected: expected))
                continue
            }
            guard let parsed = parse(scalar.string) else {
                problems.append(elementLocation.problem(key: elementKey, found: "'\(scalar.string)'", expected: expected))
                continue
            }
            result.append((parsed, elementLocation))
        }
        return result
    }

    /// A nested mapping, read with its own allowed keys; its problems join this reader's
    /// when the caller passes it back to ``absorb(_:)``.
    func nested(_ key: String, allowed: [String]) -> MappingReader? {
        guard let (_, value) = entries[key] else { return nil }
        return MappingReader(value, file: file, path: fullKey(key), allowed: allowed)
    }

    /// Takes over the problems of a nested reader.
    mutating func absorb(_ nested: MappingReader) { problems += nested.problems }

    static func location(of node: Node, file: String) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    private static func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// A short phrase naming what a node is, for "found ..." messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): isNull(scalar) ? "an empty value" : "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
