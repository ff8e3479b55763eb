import ArgumentParser
import MosaicStore

/// `mosaic import FILE`.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract:
            "Import records from a CSV or JSON file (the formats `export` writes); a row with an id updates that record. All or nothing unless --skip-invalid. See docs/IMPORT.md."
    )
    @OptionGroup var options: NodeOptions
    @Argument(help: "A .csv or .json file.") var file: String
    @Flag(help: "Import the valid records and report the others, instead of importing nothing.") var skipInvalid = false
    @Flag(help: "Only say what the import would create, update and leave unchanged; write nothing.") var dryRun = false

    func run() async throws {
        try await CommandRunner.run {
            let catalogue = try options.openCatalogue()
            let source = try ImportFile(path: file)
            let bar = ProgressBar(label: "Importing")
            let report = try await catalogue.importRecords(from: source, skipInvalid: skipInvalid, dryRun: dryRun) { done, total in
                bar.update(done, of: total)
            }
            bar.finish()
            if options.json {
                Output.printJSON(
                    Summary(
                        imported: report.imported, created: report.created, updated: report.updated, proposed: report.proposed,
                        unchanged: report.unchanged,
                        commits: report.commits, skipped: report.skipped.count, dry_run: dryRun))
            } else {
                let proposed = report.proposed > 0 ? ", \(report.proposed) proposed to their owners" : ""
                let counts = "\(report.created) created, \(report.updated) updated\(proposed), \(report.unchanged) unchanged"
                if dryRun {
                    print("Dry run, nothing written: the import would make \(counts).")
                } else {
                    print("Imported \(report.imported) records in \(report.commits) commits (\(counts)).")
                }
                if !report.skipped.isEmpty {
                    print("\(dryRun ? "Would skip" : "Skipped") \(report.skipped.count) invalid records:")
                    report.skipped.forEach { print("  \($0)") }
                }
            }
        }
    }

    /// The `--json` answer.
    private struct Summary: Encodable {
        let imported, created, updated, proposed, unchanged, commits, skipped: Int
        let dry_run: Bool
    }
}
