/// One problem found in a configuration or member file: where it is, which key,
/// what was found and what is expected.
public struct ConfigProblem: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// Path of the file, as the user would type it.
    public var file: String
    /// 1-based line of the offending text.
    public var line: Int
    /// 1-based column (in Unicode scalars) of the offending text.
    public var column: Int
    /// Dotted key path (`sync.interval_seconds`, `peers[2]`), empty for the whole file.
    public var key: String
    /// What is there.
    public var found: String
    /// What should be there, and how to fix it.
    public var expected: String

    public init(file: String, line: Int, column: Int, key: String, found: String, expected: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.found = found
        self.expected = expected
    }

    public var description: String {
        let keyPart = key.isEmpty ? "" : "\(key): "
        return "\(file):\(line):\(column): \(keyPart)found \(found); expected \(expected)"
    }
}

/// Every problem found while loading a node's configuration, in file and line order.
public struct ConfigProblems: Error, Sendable, CustomStringConvertible {
    /// The problems, never empty.
    public var problems: [ConfigProblem]

    public init(_ problems: [ConfigProblem]) {
        self.problems = problems.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// A position in a YAML file.
struct SourceLocation: Sendable, Hashable {
    var file: String
    var line: Int
    var column: Int

    func problem(key: String, found: String, expected: String) -> ConfigProblem {
        ConfigProblem(file: file, line: line, column: column, key: key, found: found, expected: expected)
    }
}
