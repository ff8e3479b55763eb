import ArgumentParser
import MosaicCore
import MosaicServer
import MosaicStore

/// `mosaic status`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the member, version vector, record counts, digest, open conflicts and proposals.")
    @OptionGroup var options: NodeOptions
    @Flag(help: "Also run SQLite's full integrity check on the database (slow on large catalogues); exit status 1 when it fails.")
    var check = false

    func run() async throws {
        try await CommandRunner.run {
            let catalogue = try options.openCatalogue()
            // The integrity check first: on a damaged database the other queries may fail less clearly.
            let integrity = check ? try await catalogue.store.integrityCheck() : nil
            if integrity == false {
                throw Failure(
                    "this node's database fails SQLite's integrity check: stop the node and restore its latest "
                        + "backup (`sqlite3 DATABASE 'PRAGMA integrity_check'` lists the damage)")
            }
            let status = try await catalogue.status()
            let peers = try await catalogue.peerStates()
            let awaiting = try await catalogue.recoveryAwaiting()
            if options.json {
                Output.printJSON(
                    JSONValue.object([
                        "member": .string(status.member.rawValue), "vector": status.vector.json, "digest": .string(status.digest),
                        "directory_digest": .string(catalogue.directory.digest),
                        "practices": .int(Int64(status.records[.practice] ?? 0)), "projects": .int(Int64(status.records[.project] ?? 0)),
                        "private": .int(Int64(status.privateRecords)), "deleted": .int(Int64(status.deletedRecords)),
                        "open_conflicts": .int(Int64(status.openConflicts)), "open_proposals": .int(Int64(status.openProposals)),
                        // Named as the API names them (`GET /api/v1/peers`), which lists no revoked member either.
                        "peers": .array(peers.filter { !catalogue.directory.isRevoked($0.peer) }.map(PeerText.json)),
                        "revoked_peers": .array(peers.filter { catalogue.directory.isRevoked($0.peer) }.map { .string($0.peer.rawValue) }),
                        "recovering_from": .array(awaiting.map(JSONValue.string)),
                        "integrity": integrity.map { .string($0 ? "ok" : "FAILED") } ?? .null,
                    ]))
                return
            }
            print("member      \(status.member)")
            print(
                "records     \(status.records[.practice] ?? 0) practices, \(status.records[.project] ?? 0) projects, \(status.privateRecords) private, \(status.deletedRecords) deleted"
            )
            print("vector      \(status.vector.entries.isEmpty ? "(empty)" : status.vector.description)")
            print("digest      \(status.digest)")
            print("directory   \(catalogue.directory.digest) (\(catalogue.directory.members.count) members)")
            print("conflicts   \(status.openConflicts) open")
            print("proposals   \(status.openProposals) open")
            for peer in peers { print("peer        \(PeerText.line(peer, revoked: catalogue.directory.isRevoked(peer.peer)))") }
            if !awaiting.isEmpty {
                print("recovering  restored from a backup: local changes wait for a pull round with \(awaiting.joined(separator: ", "))")
            }
            if integrity == true { print("integrity   ok") }
        }
    }
}

/// How a peer's health reads.
enum PeerText {
    /// - Parameter revoked: the peer was revoked since: shown as such (no longer pulled), never as failing.
    static func line(_ peer: PeerState, revoked: Bool = false) -> String {
        if revoked {
            return "\(peer.peer.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) revoked (former member): no longer pulled, "
                + "\(peer.commitsReceived) commits received"
        }
        let health = peer.isHealthy ? "healthy" : (peer.lastAttempt == nil ? "never pulled" : "FAILING")
        var text =
            "\(peer.peer.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(health), lag \(peer.lag), \(peer.commitsReceived) commits received"
        if peer.softwareVersion != nil || peer.protocolVersion != nil {
            text += ", Mosaic \(peer.softwareVersion ?? "?") (protocol \(peer.protocolVersion ?? "?"))"
        }
        if let success = peer.lastSuccess { text += ", last success \(RecordText.time(HybridTimestamp(wallMillis: success, counter: 0)))" }
        if peer.consecutiveFailures > 0, let error = peer.lastError {
            text += ", \(peer.consecutiveFailures) failures, last: \(peer.lastErrorKind ?? "error"): \(error)"
        }
        return text
    }

    static func json(_ peer: PeerState) -> JSONValue {
        .object([
            "member": .string(peer.peer.rawValue), "healthy": .bool(peer.isHealthy), "lag": .int(peer.lag),
            "commits_received": .int(peer.commitsReceived), "bytes_received": .int(peer.bytesReceived),
            "failures_in_row": .int(Int64(peer.consecutiveFailures)),
            "last_success": peer.lastSuccess.map { .string(Moment.rfc3339($0)) } ?? .null,
            "last_attempt": peer.lastAttempt.map { .string(Moment.rfc3339($0)) } ?? .null,
            "last_error": peer.lastError.map(JSONValue.string) ?? .null,
            "error_kind": peer.lastErrorKind.map(JSONValue.string) ?? .null,
            "protocol_version": peer.protocolVersion.map(JSONValue.string) ?? .null,
            "software_version": peer.softwareVersion.map(JSONValue.string) ?? .null,
        ])
    }
}
