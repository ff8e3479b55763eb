import ArgumentParser
import MosaicCore
import MosaicStore

/// `mosaic proposals …`.
struct ProposalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposals", abstract: "Edits by members who may not write a record: list, accept or dismiss them.",
        subcommands: [List.self, Accept.self, Dismiss.self])

    /// `mosaic proposals list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List open proposals.")
        @OptionGroup var options: NodeOptions

        func run() async throws {
            try await CommandRunner.run {
                let proposals = try await options.openCatalogue().proposals()
                if options.json {
                    Output.printJSON(
                        JSONValue.array(
                            proposals.map {
                                .object([
                                    "id": .string($0.0.id.description), "record": .string($0.1.id.rawValue),
                                    "author": .string($0.0.id.origin.rawValue),
                                    "change": .string(RecordText.describe($0.0.change)), "time": .string(RecordText.time($0.0.hlc)),
                                ])
                            }))
                    return
                }
                if proposals.isEmpty { print("No open proposals.") }
                for (proposal, view) in proposals {
                    print(
                        "\(view.id) \(proposal.id)  \(RecordText.describe(proposal.change))  — \(proposal.id.origin) at \(RecordText.time(proposal.hlc))  [\(RecordText.title(view))]"
                    )
                }
            }
        }
    }

    /// `mosaic proposals accept RECORD PROPOSAL`.
    struct Accept: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accept a proposal: its change becomes yours.")
        @OptionGroup var options: NodeOptions
        @Argument(help: "The record id.") var record: String
        @Argument(help: "The proposal id (origin:seq:index).") var proposal: String

        func run() async throws {
            try await LocalCommitReport.commit(options) { .accept(try recordID(record), proposal: try proposalID(proposal)) }
        }
    }

    /// `mosaic proposals dismiss RECORD PROPOSAL`.
    struct Dismiss: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Decline a proposal (it stays in the history).")
        @OptionGroup var options: NodeOptions
        @Argument(help: "The record id.") var record: String
        @Argument(help: "The proposal id (origin:seq:index).") var proposal: String

        func run() async throws {
            try await LocalCommitReport.commit(options) { .dismiss(try recordID(record), proposal: try proposalID(proposal)) }
        }
    }
}

/// Parses a proposal id argument.
func proposalID(_ text: String) throws -> WriteID {
    guard let id = WriteID(text) else {
        throw ValidationError("'\(text)' is not a proposal id (origin:seq:index, see `mosaic proposals list`).")
    }
    return id
}
