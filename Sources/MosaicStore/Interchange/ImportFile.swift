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
            var pending: [UInt8] = []
            func consume(_ line: Substring) throws {
                let completed: (row: [String], line: Int)?
                do { completed = try reader.feed(line: line) } catch { throw Failure(description: "'\(path)' \(error)") }
                guard let (cells, lineNumber) = completed else { return }
                guard let columns = header else {
                    header = try Self.checkHeader(cells.map { $0.trimmingCharacters(in: .whitespaces) }, path: path)
                    return
                }
                if cells.count == 1, cells[0].isEmpty { return }  // blank line
                guard cells.count == columns.count else {
                    try body(.failure(DraftError(line: lineNumber, message: "\(cells.count) cells where the header has \(columns.count)")))
                    return
                }
                let row = zip(columns, cells.map(CSVWriter.unguard)).map { (header: $0, cell: $1) }
                do { try body(.success(try DraftReader.draft(csv: row, line: lineNumber))) } catch let error as DraftError {
                    try body(.failure(error))
                }
            }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                bytesRead += chunk.count
                pending.append(contentsOf: chunk)
                guard let lastBreak = pending.lastIndex(of: 0x0A) else { continue }
                // Split on bytes: in Swift "\r\n" is one Character, so splitting text on "\n" would miss it.
                for line in pending[..<lastBreak].split(separator: 0x0A, omittingEmptySubsequences: false) {
                    try consume(Substring(String(decoding: line, as: UTF8.self)))
                }
                pending.removeSubrange(...lastBreak)
                progress(bytesRead)
            }
            if !pending.isEmpty { try consume(Substring(String(decoding: pending, as: UTF8.self))) }
            do { try reader.finish() } catch { throw Failure(description: "'\(path)' \(error)") }
            if header == nil { throw Failure(description: "'\(path)' is empty: a CSV import starts with a header row (type,title.fr,…)") }
        }
    }

    private static func draft(jsonBytes: [UInt8], line: Int) -> Result<RecordDraft, DraftError> {
        do {
            let value = try JSONParser.parse(jsonBytes)
            return Result { () throws(DraftError) in try DraftReader.draft(json: value, line: line) }
        } catch {
            return .failure(DraftError(line: line, message: error.description))
        }
    }

    private static func checkHeader(_ header: [String], path: String) throws -> [String] {
        guard header.contains("type") else {
            throw Failure(description: "'\(path)' line 1: the header has no 'type' column (type,title.fr,summary.fr,themes,…)")
        }
        if let duplicate = Dictionary(grouping: header, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw Failure(description: "'\(path)' line 1: the column '\(duplicate)' appears twice")
        }
        return header
    }
}
