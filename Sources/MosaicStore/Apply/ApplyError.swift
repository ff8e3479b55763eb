import MosaicCore

/// Why a batch of commits was refused. The whole batch is refused and nothing changes.
public struct ApplyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Sendable, Equatable {
        /// The commit bytes, signature or content are invalid.
        case invalidCommit(CommitError)
        /// A commit skips sequence numbers: the node must hold 1…n without gaps.
        case sequenceGap(origin: MemberID, expected: Int64, found: Int64)
        /// The origin signed two different commits with one sequence number, or a relay altered one.
        case conflictingCommit(origin: MemberID, seq: Int64)
        /// The commit's clock is further in the future than the configured bound.
        case clockAhead(origin: MemberID, seq: Int64, leadMillis: Int64, boundMillis: Int64)
        /// The commit's clock is not after the origin's previous commit.
        case clockBackwards(origin: MemberID, seq: Int64)
        /// The peer sent a commit beyond the vector it claims to hold (it lies about its vector).
        case beyondClaimedVector(origin: MemberID, seq: Int64, claimed: Int64)
    }

    public let reason: Reason
    /// The member that relayed the batch, when it was not the origin itself.
    public let relay: MemberID?

    public init(_ reason: Reason, relay: MemberID? = nil) {
        self.reason = reason
        self.relay = relay
    }

    public var description: String {
        let via = relay.map { " (received from \($0))" } ?? ""
        switch reason {
        case .invalidCommit(let error): return "\(error)\(via); nothing was applied"
        case .sequenceGap(let origin, let expected, let found):
            return
                "commit \(origin)#\(found) is out of sequence: this node holds \(origin) up to #\(expected - 1) and needs #\(expected) first\(via); nothing was applied"
        case .conflictingCommit(let origin, let seq):
            return
                "commit \(origin)#\(seq) differs from the one already held with that number (altered by a relay, or signed twice)\(via); nothing was applied"
        case .clockAhead(let origin, let seq, let lead, let bound):
            return "commit \(origin)#\(seq) is dated \(lead / 1000) s in the future, beyond the clock-skew bound of \(bound / 1000) s: "
                + "\(origin)'s clock is probably wrong\(via); nothing was applied"
        case .clockBackwards(let origin, let seq):
            return "commit \(origin)#\(seq) is dated before \(origin)'s previous commit\(via); nothing was applied"
        case .beyondClaimedVector(let origin, let seq, let claimed):
            return "commit \(origin)#\(seq) is beyond the vector its sender claims (\(origin) up to #\(claimed))\(via); nothing was applied"
        }
    }
}

/// What an apply did.
public struct ApplyOutcome: Sendable, Equatable {
    /// Commits newly stored.
    public var applied = 0
    /// Commits already held (identical), skipped.
    public var duplicates = 0
    /// Commits from members not in the directory, held back (they will come again once the directory knows them).
    public var heldBack: [String] = []
    /// Records whose view was recomputed.
    public var recordsTouched = 0
    /// Commits refused because their origin was revoked before them (`origin#seq`), not applied.
    public var revoked: [String] = []
    /// The effective directory after the batch, when the batch held directory operations.
    public var directory: EffectiveDirectory?

    public init() {}
}
