import ArgumentParser
import Foundation
import MosaicCore
import MosaicSync

/// `mosaic sync`: one pull round now, then exit.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Pull from the peers now (one round), print a summary per peer; exit status 1 if any peer failed.")
    @OptionGroup var options: NodeOptions
    @Option(help: "Only this peer (a member id).") var peer: String?

    func run() async throws {
        try await CommandRunner.run {
            let setup = try options.loadSetup()
            let catalogue = try options.openCatalogue()
            let peers = try SyncRound.peers(of: setup, in: catalogue.directory, only: peer)
            let bar = ProgressBar(label: "Pulling commits")
            let results = await SyncRound.run(peers, setup: setup, catalogue: catalogue) { _, done, total in
                if total >= 20 { bar.update(done, of: total) }  // a bar only for large pulls
            }
            bar.finish()
            if options.json {
                Output.printJSON(
                    JSONValue.array(
                        results.map { peer, outcome in
                            .object([
                                "member": .string(peer.rawValue), "ok": .bool(outcome.failure == nil),
                                "commits": .int(Int64(outcome.commits)),
                                "bytes": .int(Int64(outcome.bytes)), "duplicate_bytes": .int(Int64(outcome.duplicateBytes)),
                                "pages": .int(Int64(outcome.pages)), "lag": .int(outcome.lag),
                                "stopped_at": outcome.stoppedAt.map { .string($0) } ?? .null,
                                "error": outcome.failure.map { .string($0.description) } ?? .null,
                            ])
                        }))
            } else {
                if results.isEmpty { print("No peers to pull from (see `peers` in the configuration).") }
                for (peer, outcome) in results {
                    if let failure = outcome.failure {
                        print("\(peer.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) FAILED \(failure)")
                    } else {
                        print(
                            "\(peer.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) ok: \(outcome.commits) new commits, \(outcome.bytes) bytes (\(outcome.duplicateBytes) duplicate) in \(outcome.pages) pages"
                                + (outcome.stoppedAt.map {
                                    "; stopped at the round's \($0) bound, \(outcome.lag) commits wait for the next round"
                                } ?? "")
                        )
                    }
                }
            }
            if results.contains(where: { $0.1.failure != nil }) { throw ExitCode.failure }
        }
    }
}
