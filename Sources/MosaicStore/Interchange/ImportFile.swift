import Foundation
import MosaicCore

/// A CSV or JSON file of records to import, read as a stream so that large files never sit whole in memory.
public struct ImportFile: Sendable {
    /// The two import formats.
    public enum Format: String, Sendable {
        case csv
        case json
    }

    /// Why the file cannot be read at all (as opposed to one bad record).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    public let path: String
    public let format: Format
    /// The file's size in bytes, for progress.
    public let size: Int

    /// Opens `path`; the format comes from its extension (.csv or .json).
    public init(path: String) throws(Failure) {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") {
            format = .csv
        } else if lower.hasSuffix(".json") {
            format = .json
        } else {
            throw Failure(description: "'\(path)': import reads .csv or .json files")
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? Int else {
            throw Failure(description: "'\(path)': no such file")
        }
        self.path = path
        self.size = size
    }

    /// Calls `body` with each record or its error, in file order, and `progress` with the bytes read so far.
    public func forEachDraft(
        progress: (Int) -> Void = { _ in }, _ body: (Result<RecordDraft, DraftError>) throws -> Void
    ) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure(description: "'\(path)': cannot be read") }
        defer { try? handle.close() }
        var bytesRead = 0
        switch format {
        case .json:
            var splitter = JSONArraySplitter()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                bytesRead += chunk.count
                do {
                    for element in try splitter.feed(chunk) { try body(Self.draft(jsonBytes: element.bytes, line: element.line)) }
                } catch let failure as JSONArraySplitter.Failure {
                    throw Failure(description: "'\(path)' \(failure)")
                }
                progress(bytesRead)
            }
            do { try splitter.finish() } catch { throw Failure(description: "'\(path)' \(error)") }
        case .csv:
            var reader = CSVReader()
            var header: [String]?
            func consume(_ rows: [(row: [String], line: Int)]) throws {
                for (cells, lineNumber) in rows {
                    guard let columns = header else {
                        header = try Self.checkHeader(cells, separator: reader.separator, path: path)
                        continue
                    }
                    if cells.allSatisfy(\.isEmpty) { continue }  // a blank line, or a row of empty cells
                    guard cells.count == columns.count else {
                        try body(
                            .failure(DraftError(line: lineNumber, message: "\(cells.count) cells where the header has \(columns.count)")))
                        continue
                    }
                    let row = zip(columns, cells.map { Self.lineFeeds(CSVWriter.unguard($0)) }).map { (header: $0, cell: $1) }
                    do { try body(.success(try DraftReader.draft(csv: row, line: lineNumber))) } catch let error as DraftError {
                        try body(.failure(error))
                    }
                }
            }
            do {
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    bytesRead += chunk.count
                    try consume(try reader.feed(chunk))
                    progress(bytesRead)
                }
                try consume(try reader.finish())
            } catch let failure as CSVReader.Failure {
                throw Failure(description: "'\(path)' \(failure)")
            }
            if header == nil { throw Failure(description: "'\(path)' is empty: a CSV import starts with a header row (type,title.fr,…)") }
        }
    }

    /// A cell's line breaks as the catalogue stores them: CR LF and CR become LF (a file whose line
    /// ends were converted keeps its values; no catalogue text holds a CR).
    static func lineFeeds(_ cell: String) -> String {
        guard cell.utf8.contains(0x0D) else { return cell }
        return cell.replacingOccurrences(of: "\r\n", with: "\n", options: .literal).replacingOccurrences(
            of: "\r", with: "\n", options: .literal)
    }

    private static func draft(jsonBytes: [UInt8], line: Int) -> Result<RecordDraft, DraftError> {
        do {
            let value = try JSONParser.parse(jsonBytes)
            return Result { () throws(DraftError) in try DraftReader.draft(json: value, line: line) }
        } catch {
            let fix = error.description.contains("UTF-8") ? ": the file is not UTF-8; save it as UTF-8 and import it again" : ""
            return .failure(DraftError(line: line, message: error.description + fix))
        }
    }

    /// The header's column names, checked: at least one is known, `type` is there, none twice.
    static func checkHeader(_ cells: [String], separator: UInt8?, path: String) throws -> [String] {
        let header = cells.map { $0.trimmingCharacters(in: .whitespaces) }
        let known = header.filter(Self.isKnownColumn)
        let read = "read with '\(CSVReader.name(of: separator ?? UInt8(ascii: ",")))' as the separator"
        guard !known.isEmpty else {
            throw Failure(
                description:
                    "'\(path)' line 1: no column of the header is known (\(read), its columns are \(header.prefix(4).map { "'\($0.prefix(40))'" }.joined(separator: ", "))). The first row must name the columns: type,title.fr,summary.fr,themes,… separated by , ; or TAB"
            )
        }
        guard header.contains("type") else {
            throw Failure(
                description:
                    "'\(path)' line 1: the header has no 'type' column (\(read): \(header.joined(separator: ", ").prefix(120))); add type (practice or project)"
            )
        }
        // Columns without a name (a spreadsheet's trailing separators) may repeat; their cells must be empty.
        if let duplicate = Dictionary(grouping: header.filter { !$0.isEmpty }, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw Failure(description: "'\(path)' line 1: the column '\(duplicate)' appears twice")
        }
        return header
    }

    /// `type`, a column an export writes, a field, or a field with a language (`title.fr`).
    private static func isKnownColumn(_ name: String) -> Bool {
        if name == "type" || DraftReader.exportOnlyKeys.contains(name) { return true }
        return CatalogueSchema.fields[String(name.split(separator: ".", maxSplits: 1).first ?? "")] != nil
    }
}
