import Foundation
import Yams

/// A YAML file read from disk with Mosaic's limits: at most 1 MiB, UTF-8,
/// one document, no anchors or aliases.
struct YAMLFile {
    /// Largest file Mosaic reads.
    static let maxBytes = 1 << 20

    /// The path shown in messages.
    let displayPath: String
    /// The document's root node.
    let root: Node

    /// Location of the file's start, for problems about the whole file.
    var start: SourceLocation { SourceLocation(file: displayPath, line: 1, column: 1) }

    /// Reads and parses `path`.
    /// - Throws: a ``ConfigProblem`` naming the file, line and column.
    init(path: String, displayPath: String) throws(ConfigProblem) {
        self.displayPath = displayPath
        let start = SourceLocation(file: displayPath, line: 1, column: 1)
        let text = try Self.readText(path: path, start: start)
        if let anchor = AnchorScan.firstAnchorOrAlias(in: text) {
            throw SourceLocation(file: displayPath, line: anchor.line, column: anchor.column).problem(
                key: "", found: "the YAML anchor or alias '\(anchor.token)'",
                expected:
                    "plain values: Mosaic refuses anchors and aliases (they can expand a small file without bound); write the value out in full"
            )
        }
        do {
            guard let root = try Yams.compose(yaml: text) else {
                throw start.problem(key: "", found: "an empty file", expected: "a mapping of keys and values")
            }
            self.root = root
        } catch let problem as ConfigProblem {
            throw problem
        } catch let error as YamlError {
            throw Self.problem(from: error, file: displayPath)
        } catch {
            throw start.problem(key: "", found: "unreadable YAML (\(error))", expected: "valid YAML")
        }
    }

    private static func readText(path: String, start: SourceLocation) throws(ConfigProblem) -> String {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw start.problem(key: "", found: "no readable file", expected: "a YAML file at this path")
        }
        if let size = attributes[.size] as? Int, size > maxBytes {
            throw start.problem(key: "", found: "a file of \(size) bytes", expected: "at most 1 MiB (\(maxBytes) bytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw start.problem(key: "", found: "no readable file", expected: "a YAML file at this path")
        }
        guard data.count <= maxBytes else {
            throw start.problem(key: "", found: "a file of \(data.count) bytes", expected: "at most 1 MiB (\(maxBytes) bytes)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw start.problem(key: "", found: "bytes that are not UTF-8", expected: "a UTF-8 text file")
        }
        return text
    }

    private static func problem(from error: YamlError, file: String) -> ConfigProblem {
        func at(_ mark: Mark, _ found: String) -> ConfigProblem {
            SourceLocation(file: file, line: mark.line, column: mark.column)
                .problem(key: "", found: found, expected: "valid YAML (check indentation, quotes and the ':' after each key)")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return at(mark, "malformed YAML (\(detail))")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SourceLocation(file: file, line: context.mark.line, column: context.mark.column).problem(
                key: duplicates.joined(separator: ", "), found: "the key written more than once in one mapping",
                expected: "each key once")
        default:
            return SourceLocation(file: file, line: 1, column: 1)
                .problem(key: "", found: "malformed YAML (\(error))", expected: "valid YAML")
        }
    }
}
