import GRDB

/// The nonces of signed sync requests (RFC 9421 section 7.2.2), kept in the database until their
/// signature window has passed, so that a request replayed after a restart is still refused.
///
/// Only requests whose signature verified are recorded (the caller's duty), so only members of the
/// directory can add rows; each member holds at most `perMemberCapacity` live nonces, so the table
/// stays bounded by the directory's size times that.
public struct SyncNonces: Sendable {
    /// What recording a nonce found.
    public enum Use: Sendable, Equatable {
        /// The nonce is new: recorded until its expiry.
        case fresh
        /// The same member already used this nonce within its window: a replay.
        case replayed
        /// The member has `perMemberCapacity` live nonces: refused without recording (it is
        /// sending more signed requests than any pull schedule needs).
        case full
    }

    let store: CatalogueStore
    /// Most live nonces per member.
    public let perMemberCapacity: Int

    /// - Parameter perMemberCapacity: most live nonces per member (default 10,000: a request
    ///   every 60 ms over a 10-minute window).
    public init(store: CatalogueStore, perMemberCapacity: Int = 10_000) {
        self.store = store
        self.perMemberCapacity = perMemberCapacity
    }

    /// Records `nonce` used by `member`, first pruning every nonce expired at `now`; one transaction.
    /// - Parameters:
    ///   - now: the current time, seconds since 1970.
    ///   - expiresAt: when the nonce may be forgotten (seconds since 1970): the end of the window
    ///     in which its signature could still be accepted.
    /// - Throws: the SQLite error when the database cannot be written.
    public func use(_ nonce: String, by member: String, now: Int64, expiresAt: Int64) async throws -> Use {
        let capacity = perMemberCapacity
        return try await store.writer.write { db -> Use in
            try db.execute(sql: "DELETE FROM sync_nonce WHERE expires_at < ?", arguments: [now])
            if try Int.fetchOne(db, sql: "SELECT 1 FROM sync_nonce WHERE member = ? AND nonce = ?", arguments: [member, nonce]) != nil {
                return .replayed
            }
            let live = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sync_nonce WHERE member = ?", arguments: [member]) ?? 0
            guard live < capacity else { return .full }
            try db.execute(
                sql: "INSERT INTO sync_nonce (member, nonce, expires_at) VALUES (?, ?, ?)", arguments: [member, nonce, expiresAt])
            return .fresh
        }
    }

    /// Live nonces held (all members), for tests and figures.
    public func count() async throws -> Int {
        try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sync_nonce") ?? 0 }
    }
}
