import ArgumentParser
import MosaicCore
import MosaicStore

/// `mosaic status`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the member, version vector, record counts, digest, open conflicts and proposals.")
    @OptionGroup var options: NodeOptions

    func run() async throws {
        try await CommandRunner.run {
            let status = try await options.openCatalogue().status()
            if options.json {
                Output.printJSON(
                    JSONValue.object([
                        "member": .string(status.member.rawValue), "vector": status.vector.json, "digest": .string(status.digest),
                        "practices": .int(Int64(status.records[.practice] ?? 0)), "projects": .int(Int64(status.records[.project] ?? 0)),
                        "private": .int(Int64(status.privateRecords)), "deleted": .int(Int64(status.deletedRecords)),
                        "open_conflicts": .int(Int64(status.openConflicts)), "open_proposals": .int(Int64(status.openProposals)),
                    ]))
                return
            }
            print("member      \(status.member)")
            print(
                "records     \(status.records[.practice] ?? 0) practices, \(status.records[.project] ?? 0) projects, \(status.privateRecords) private, \(status.deletedRecords) deleted"
            )
            print("vector      \(status.vector.entries.isEmpty ? "(empty)" : status.vector.description)")
            print("digest      \(status.digest)")
            print("conflicts   \(status.openConflicts) open")
            print("proposals   \(status.openProposals) open")
        }
    }
}
