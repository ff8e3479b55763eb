import ArgumentParser
import Foundation
import MosaicCore
import MosaicStore

/// `mosaic backup --out FILE`: a consistent, checked copy of the database, also while the node serves.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent, checked copy of the node's database (safe while `mosaic serve` runs).",
        discussion: "The file is written under a temporary name, checked with PRAGMA integrity_check, made mode 0600 and renamed.")
    @OptionGroup var options: NodeOptions
    @Option(name: .long, help: "The backup file to write (replaced if it exists).") var out: String

    func run() async throws {
        try await CommandRunner.run {
            let catalogue = try options.openCatalogue()
            let report = try catalogue.store.backup(to: out)
            if options.json {
                Output.printJSON(JSONValue.object(["path": .string(report.path), "bytes": .int(report.bytes)]))
            } else {
                print("backup written to \(report.path) (\(report.bytes) bytes, integrity ok)")
            }
        }
    }
}
