import ArgumentParser
import MosaicCore
import MosaicSync

/// `mosaic bundle …`: sync through files.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "Exchange commits through files (a USB stick, an e-mail attachment).",
        subcommands: [Create.self, Apply.self])

    /// `mosaic bundle create`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the shared commits another node lacks into a bundle file.")
        @OptionGroup var options: NodeOptions
        @Option(help: "The other node's version vector (a JSON file, e.g. its `mosaic status --json`); default: everything.")
        var sinceVector: String?
        @Option(help: "The bundle file to write (must not exist).") var out: String

        func run() async throws {
            try await CommandRunner.run {
                let catalogue = try options.openCatalogue()
                let since = try sinceVector.map(CommitBundle.readVector) ?? VersionVector()
                let summary = try await CommitBundle.create(from: catalogue, since: since, at: out)
                if options.json {
                    Output.printJSON(
                        JSONValue.object(["file": .string(out), "commits": .int(Int64(summary.commits)), "vector": summary.vector.json]))
                } else {
                    print("Wrote \(summary.commits) commits to \(out).")
                }
            }
        }
    }

    /// `mosaic bundle apply FILE`.
    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply a bundle file: every commit verified, all or nothing.")
        @OptionGroup var options: NodeOptions
        @Argument(help: "The bundle file.") var file: String

        func run() async throws {
            try await CommandRunner.run {
                let catalogue = try options.openCatalogue()
                let (summary, outcome) = try await CommitBundle.apply(at: file, to: catalogue)
                if options.json {
                    Output.printJSON(
                        JSONValue.object([
                            "from": .string(summary.from.rawValue), "applied": .int(Int64(outcome.applied)),
                            "duplicates": .int(Int64(outcome.duplicates)),
                            "held_back": .array(outcome.heldBack.map { .string($0) }), "records": .int(Int64(outcome.recordsTouched)),
                        ]))
                } else {
                    print(
                        "Applied \(outcome.applied) new commits from \(summary.from)'s bundle (\(outcome.duplicates) already held, \(outcome.recordsTouched) records updated)."
                    )
                    if !outcome.heldBack.isEmpty {
                        print(
                            "Held back commits from members not in the directory: \(Set(outcome.heldBack).sorted().joined(separator: ", "))."
                        )
                    }
                }
            }
        }
    }
}
