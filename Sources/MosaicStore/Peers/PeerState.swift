import Foundation
import GRDB
import MosaicCore

/// What a node knows of one peer's health, kept in its database.
public struct PeerState: Sendable, Hashable {
    public let peer: MemberID
    /// Milliseconds since 1970 of the last pull attempt and the last successful one.
    public let lastAttempt: Int64?
    public let lastSuccess: Int64?
    /// The last failure, with its kind (`unreachable`, `timeout`, `refused`, `rejected`, `protocol`, `held-back`, `http`,
    /// `incompatible-version`).
    public let lastError: String?
    public let lastErrorKind: String?
    public let consecutiveFailures: Int
    public let commitsReceived: Int64
    public let bytesReceived: Int64
    /// Commits the peer has that this node lacks, from the peer's vector at the last pull.
    public let lag: Int64
    /// The protocol version (`major.minor`) and software version the peer last announced; `nil` when
    /// never seen or not announced (a node older than these header fields).
    public var protocolVersion: String? = nil
    public var softwareVersion: String? = nil

    /// Healthy: the last attempt succeeded.
    public var isHealthy: Bool { consecutiveFailures == 0 && lastSuccess != nil }
}

/// One pulled page's effect on a peer's state, written in the page's transaction.
public struct PeerProgress: Sendable, Hashable {
    public let peer: MemberID
    public let commits: Int
    public let bytes: Int
    /// The vector the peer claims to hold with this page: a commit beyond it is refused.
    public let claimed: VersionVector?

    public init(peer: MemberID, commits: Int, bytes: Int, claimed: VersionVector? = nil) {
        self.peer = peer
        self.commits = commits
        self.bytes = bytes
        self.claimed = claimed
    }
}

/// Reads and writes `peer_state`.
enum PeerStateTable {
    static func ensure(_ peer: MemberID, _ db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO peer_state (peer) VALUES (?)", arguments: [peer.rawValue])
    }

    static func recordPage(_ progress: PeerProgress, at now: Int64, _ db: Database) throws {
        try ensure(progress.peer, db)
        try db.execute(
            sql:
                "UPDATE peer_state SET commits_received = commits_received + ?, bytes_received = bytes_received + ?, last_attempt = ? WHERE peer = ?",
            arguments: [progress.commits, progress.bytes, now, progress.peer.rawValue])
    }

    static func all(_ db: Database) throws -> [PeerState] {
        try Row.fetchAll(db, sql: "SELECT * FROM peer_state ORDER BY peer").compactMap { row in
            guard let peer = MemberID(row["peer"]) else { return nil }
            return PeerState(
                peer: peer, lastAttempt: row["last_attempt"], lastSuccess: row["last_success"], lastError: row["last_error"],
                lastErrorKind: row["last_error_kind"], consecutiveFailures: row["consecutive_failures"],
                commitsReceived: row["commits_received"],
                bytesReceived: row["bytes_received"], lag: row["lag"], protocolVersion: row["peer_protocol"],
                softwareVersion: row["peer_software"])
        }
    }
}

extension NodeCatalogue {
    /// Applies a pulled page and records it in the peer's state, in one transaction.
    @discardableResult
    public func apply(_ commits: [SignedCommit], from progress: PeerProgress) async throws -> ApplyOutcome {
        let (verified, heldBack, revoked) = try await verifyJudging(commits, relay: progress.peer)
        if let claimed = progress.claimed,
            let beyond = verified.first(where: { $0.0.stream == .public && $0.0.seq > claimed[$0.0.origin] })?.0
        {
            throw ApplyError(
                .beyondClaimedVector(origin: beyond.origin, seq: beyond.seq, claimed: claimed[beyond.origin]), relay: progress.peer)
        }
        let hook = store.crashHook
        try hook.reach(.pullPageVerified)
        let applier = self.applier, nowMillis = now()
        var outcome = try await store.write { db in
            let outcome = try applier.apply(verified, relay: progress.peer, checkClock: true, in: db)
            try PeerStateTable.recordPage(progress, at: nowMillis, db)
            try hook.reach(.pullBeforeCommit)
            return outcome
        }
        try hook.reach(.pullAfterCommit)
        outcome.heldBack = heldBack
        outcome.revoked = revoked
        adopt(outcome)
        return outcome
    }

    /// Records a finished round with `peer`: success (with its lag) or failure.
    public func recordRound(with peer: MemberID, error: (kind: String, message: String)?, lag: Int64?) async throws {
        let nowMillis = now()
        try await store.writer.write { db in
            try PeerStateTable.ensure(peer, db)
            if let error {
                try db.execute(
                    sql: """
                        UPDATE peer_state SET last_attempt = ?, last_error = ?, last_error_kind = ?, consecutive_failures = consecutive_failures + 1
                        WHERE peer = ?
                        """,
                    arguments: [nowMillis, String(error.message.prefix(500)), error.kind, peer.rawValue])
            } else {
                try db.execute(
                    sql: "UPDATE peer_state SET last_attempt = ?, last_success = ?, consecutive_failures = 0, lag = ? WHERE peer = ?",
                    arguments: [nowMillis, nowMillis, lag ?? 0, peer.rawValue])
                try OwnCommitRecovery.answered(by: peer, db)
            }
        }
    }

    /// Every peer's state.
    public func peerStates() async throws -> [PeerState] {
        try await store.writer.read { db in try PeerStateTable.all(db) }
    }

    /// The node's clock now, in milliseconds (the injected one).
    public var nowMillis: Int64 { now() }
}
