import ArgumentParser
import MosaicStore

/// `mosaic import FILE`.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import records from a CSV or JSON file (the formats `export` writes); all or nothing unless --skip-invalid.")
    @OptionGroup var options: NodeOptions
    @Argument(help: "A .csv or .json file.") var file: String
    @Flag(help: "Import the valid records and report the others, instead of importing nothing.") var skipInvalid = false

    func run() async throws {
        try await CommandRunner.run {
            let catalogue = try options.openCatalogue()
            let source = try ImportFile(path: file)
            let bar = ProgressBar(label: "Importing")
            let report = try await catalogue.importRecords(from: source, skipInvalid: skipInvalid) { done, total in
                bar.update(done, of: total)
            }
            bar.finish()
            if options.json {
                Output.printJSON([
                    "imported": report.imported, "commits": report.commits, "skipped": report.skipped.count,
                ])
            } else {
                print("Imported \(report.imported) records in \(report.commits) commits.")
                if !report.skipped.isEmpty {
                    print("Skipped \(report.skipped.count) invalid records:")
                    report.skipped.forEach { print("  \($0)") }
                }
            }
        }
    }
}
