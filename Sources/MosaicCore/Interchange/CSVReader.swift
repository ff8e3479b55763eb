/// Reads RFC 4180 CSV one line at a time: quoted cells may hold commas, doubled quotes and
/// line breaks. Each complete row comes with the line where it started.
public struct CSVReader {
    /// Why the input is not CSV.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let message: String
        public var description: String { "line \(line): \(message)" }
    }

    private var cells: [String] = []
    private var cell = ""
    private var inQuotes = false
    private var startLine = 0
    private var lineNumber = 0
    /// Most characters in one row, so that a missing quote cannot swallow a whole file.
    static let maxRowLength = 1 << 20
    private var rowLength = 0

    public init() {}

    /// Feeds one line (without its line break). Returns the row it completes, if any.
    public mutating func feed(line: Substring) throws(Failure) -> (row: [String], line: Int)? {
        lineNumber += 1
        if !inQuotes {
            startLine = lineNumber
            rowLength = 0
        } else {
            cell.append("\n")
        }
        rowLength += line.utf8.count
        guard rowLength <= Self.maxRowLength else {
            throw Failure(line: startLine, message: "a row longer than 1 MiB (is a closing quote missing?)")
        }
        var index = line.startIndex
        let line = line.hasSuffix("\r") ? line.dropLast() : line
        while index < line.endIndex {
            let character = line[index]
            if inQuotes {
                if character == "\"" {
                    let next = line.index(after: index)
                    if next < line.endIndex, line[next] == "\"" {
                        cell.append("\"")
                        index = line.index(after: next)
                        continue
                    }
                    inQuotes = false
                } else {
                    cell.append(character)
                }
            } else if character == "\"" {
                guard cell.isEmpty else {
                    throw Failure(line: lineNumber, message: "a quote inside an unquoted cell: quote the whole cell")
                }
                inQuotes = true
            } else if character == "," {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(character)
            }
            index = line.index(after: index)
        }
        if inQuotes { return nil }
        cells.append(cell)
        defer {
            cells = []
            cell = ""
        }
        return (cells, startLine)
    }

    /// Call at the end of input: fails when a quoted cell is still open.
    public func finish() throws(Failure) {
        if inQuotes { throw Failure(line: startLine, message: "a quoted cell is never closed") }
    }
}

/// Writes CSV rows, quoting where needed and neutralising spreadsheet formulas.
public enum CSVWriter {
    /// One row, with its line break.
    public static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    static func cell(_ text: String) -> String {
        // A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
        let safe = text.first.map { "=+-@".contains($0) } == true ? "'" + text : text
        guard safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Undoes the formula guard of ``row(_:)`` on import.
    public static func unguard(_ cell: String) -> String {
        if cell.hasPrefix("'"), let second = cell.dropFirst().first, "=+-@".contains(second) { return String(cell.dropFirst()) }
        return cell
    }
}
