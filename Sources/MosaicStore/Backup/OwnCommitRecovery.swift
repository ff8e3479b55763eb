import Foundation
import GRDB
import MosaicCore

/// Refusal of a local change while a restored node recovers its own commits.
///
/// A backup lags behind what the node published: its peers may hold this member's commits
/// `n+1…m` that the restored database lacks. Signing a new commit `n+1` would give peers a
/// second, different commit under a sequence number they already hold, which they refuse for
/// good. So a restored database carries a mark listing the peers still to be heard from; every
/// local change is refused until a complete pull round with each of them has brought back what
/// they hold of this member's own origin (the pull request's vector names it, so they send it).
public struct OwnCommitRecoveryPending: Error, Sendable, Equatable, CustomStringConvertible {
    /// Peers that have not answered a complete pull round since the restore.
    public let awaiting: [String]

    public init(awaiting: [String]) { self.awaiting = awaiting }

    public var description: String {
        "this node was restored from a backup and is first recovering, from its peers, the commits it had published after "
            + "that backup: no change can be made until a pull round has reached every peer (still waiting for "
            + "\(awaiting.joined(separator: ", "))). Let `mosaic serve` pull, or run `mosaic sync`; `mosaic status` shows what is left."
    }
}

/// Reads and writes the recovery mark (`own_commit_recovery`: one row per peer still to be heard from).
enum OwnCommitRecovery {
    static func mark(peers: [MemberID], _ db: Database) throws {
        try db.execute(sql: "DELETE FROM own_commit_recovery")
        for peer in peers {
            try db.execute(sql: "INSERT OR IGNORE INTO own_commit_recovery (peer) VALUES (?)", arguments: [peer.rawValue])
        }
    }

    static func awaiting(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT peer FROM own_commit_recovery ORDER BY peer")
    }

    /// Throws ``OwnCommitRecoveryPending`` while any peer is still awaited.
    static func refuseWhilePending(_ db: Database) throws {
        let awaiting = try awaiting(db)
        if !awaiting.isEmpty { throw OwnCommitRecoveryPending(awaiting: awaiting) }
    }

    /// A complete pull round with `peer` succeeded: it has sent everything it holds of this member.
    static func answered(by peer: MemberID, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM own_commit_recovery WHERE peer = ?", arguments: [peer.rawValue])
    }
}

extension NodeCatalogue {
    /// Peers a restored node still waits for before it may sign again; empty when it may.
    public func recoveryAwaiting() async throws -> [String] {
        try await store.writer.read { db in try OwnCommitRecovery.awaiting(db) }
    }

    /// Stops waiting for `peer` (an operator's decision, for a peer that is gone for good).
    /// - Returns: the peers still awaited afterwards.
    /// - Throws: ``OwnCommitRecoveryNotAwaited`` when the node is not waiting for `peer`.
    @discardableResult
    public func stopAwaiting(_ peer: String) async throws -> [String] {
        try await store.writer.write { db in
            let awaiting = try OwnCommitRecovery.awaiting(db)
            guard awaiting.contains(peer) else { throw OwnCommitRecoveryNotAwaited(peer: peer, awaiting: awaiting) }
            try db.execute(sql: "DELETE FROM own_commit_recovery WHERE peer = ?", arguments: [peer])
            return try OwnCommitRecovery.awaiting(db)
        }
    }
}

/// Refusal to stop waiting for a peer the node is not waiting for.
public struct OwnCommitRecoveryNotAwaited: Error, Sendable, Equatable, CustomStringConvertible {
    public let peer: String
    public let awaiting: [String]

    public var description: String {
        awaiting.isEmpty
            ? "this node is not recovering its own commits (no restore is pending); nothing to skip"
            : "this node is not waiting for '\(peer)'; it waits for \(awaiting.joined(separator: ", "))"
    }
}
