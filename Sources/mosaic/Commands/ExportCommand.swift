import ArgumentParser
import Foundation
import MosaicCore
import MosaicStore

/// `mosaic export`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export the catalogue as CSV or JSON (private records only with --include-private).")
    @OptionGroup var options: NodeOptions
    @Option(help: "csv or json.") var format: Format
    @Option(
        help:
            "Write to this file (default: standard output). The file must not exist. A CSV file starts with a UTF-8 byte order mark, so that Excel reads its accents right."
    ) var out: String?
    @Flag(help: "Include this node's private records (for a local backup, never for the network).") var includePrivate = false

    /// Export formats.
    enum Format: String, ExpressibleByArgument {
        case csv
        case json
    }

    func run() async throws {
        try await CommandRunner.run {
            let catalogue = try options.openCatalogue()
            var views: [RecordView] = []
            var offset = 0
            while true {
                let page = try await catalogue.list(RecordFilter(), limit: 5000, offset: offset)
                views += page.filter { includePrivate || !$0.isPrivate }
                offset += page.count
                if page.count < 5000 { break }
            }
            let text = format == .json ? RecordExport.jsonArray(views) : RecordExport.csv(views)
            if let out {
                guard !FileManager.default.fileExists(atPath: out) else { throw Failure("'\(out)' already exists: choose a new file name") }
                // A CSV file starts with a UTF-8 byte order mark, as Excel's "CSV UTF-8" does: without
                // it Excel reads the file as Windows-1252 and shows every accent as two wrong letters.
                // Import drops it again; standard output stays without one (for pipes).
                let bytes = format == .csv ? Data(CSVWriter.byteOrderMark) + Data(text.utf8) : Data(text.utf8)
                guard FileManager.default.createFile(atPath: out, contents: bytes) else { throw Failure("cannot write '\(out)'") }
                FileHandle.standardError.write(Data("Exported \(views.count) records to \(out).\n".utf8))
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}
