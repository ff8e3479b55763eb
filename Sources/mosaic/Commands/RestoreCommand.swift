import ArgumentParser
import Foundation
import MosaicCore
import MosaicStore

/// `mosaic restore FILE`: replaces the node's database with a backup of this member's node, then
/// refuses local changes until the peers have sent back what the node published after the backup.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the node's database with a backup written by `mosaic backup` (stop the node first).",
        discussion: """
            The backup must be intact and belong to this member and key. The database as it was is kept beside it \
            (<database>.before-restore-<time>). Until a pull round has reached every peer, the node refuses local changes: \
            its peers may hold commits it published after the backup, which it must get back before signing anything new.
            """)
    @OptionGroup var options: NodeOptions
    @Argument(help: "The backup file (omit it with --stop-waiting-for).") var file: String?
    @Option(
        name: .customLong("stop-waiting-for"),
        help: "After a restore: stop waiting for this peer (only for a peer that is gone for good; see docs/OPERATIONS.md).")
    var stopWaitingFor: String?

    func validate() throws {
        guard (file == nil) != (stopWaitingFor == nil) else {
            throw ValidationError("Give either a backup FILE to restore, or --stop-waiting-for PEER, not both and not neither.")
        }
    }

    func run() async throws {
        try await CommandRunner.run {
            if let peer = stopWaitingFor {
                let left = try await options.openCatalogue().stopAwaiting(peer)
                print("no longer waiting for \(peer): commits it alone holds of this member are lost to this node, and it will refuse")
                print(
                    "this node's next commits under the same numbers. Still waiting for: \(left.isEmpty ? "nobody" : left.joined(separator: ", "))"
                )
                return
            }
            guard let file else { return }
            let setup = try options.loadSetup()
            let lock = try ServingLock.acquire(databasePath: setup.config.databasePath)
            defer { withExtendedLifetime(lock) {} }
            let peers = setup.peers.filter { $0.endpoint != nil }.map(\.id)
            let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
            let report = try DatabaseRestore.restore(
                file, into: setup.config.databasePath, member: setup.config.member, publicKey: setup.signingKey.publicKey,
                peers: peers, stamp: stamp)
            if options.json {
                Output.printJSON(
                    JSONValue.object([
                        "own_commits": .int(report.ownCommits), "previous": report.previous.map(JSONValue.string) ?? .null,
                        "awaiting": .array(report.awaiting.map(JSONValue.string)),
                    ]))
                return
            }
            print("restored \(file): this member's commits 1…\(report.ownCommits)")
            if let previous = report.previous { print("the previous database is kept at \(previous)") }
            if report.awaiting.isEmpty {
                print("no peers to recover from: the node may sign again")
            } else {
                print("local changes are refused until a pull round has reached: \(report.awaiting.joined(separator: ", "))")
                print("start the node (`systemctl start mosaic` or `mosaic serve`) or run `mosaic sync`")
            }
        }
    }
}
