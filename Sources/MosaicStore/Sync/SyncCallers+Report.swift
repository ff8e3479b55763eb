import GRDB
import MosaicCore

extension SyncCallers {
    /// How long an unchanged sighting goes unreported to a peer before it is sent again (so that
    /// its "last pull" stays fresh there): 15 minutes, in milliseconds.
    public static let reportRefreshMillis: Int64 = 15 * 60 * 1000

    /// What to report to `peer` (`POST /sync/v1/callers`): the sightings of members other than
    /// `peer` whose vector or versions changed since they were last reported to it, or that were
    /// last reported more than `refreshMillis` of sighting time ago. One read.
    /// - Throws: the SQLite error when the database cannot be read.
    public func pendingReport(for peer: MemberID, refreshMillis: Int64 = reportRefreshMillis) async throws -> [SyncCaller] {
        let all = try await all().filter { $0.member != peer }
        guard !all.isEmpty else { return [] }
        let sent = try await store.writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT member, fingerprint, pulled_at FROM sync_caller_sent WHERE peer = ?", arguments: [peer.rawValue]
            )
            .reduce(into: [String: (String, Int64)]()) { $0[$1["member"]] = ($1["fingerprint"], $1["pulled_at"]) }
        }
        return all.filter { caller in
            guard let (fingerprint, at) = sent[caller.member.rawValue] else { return true }
            return fingerprint != caller.fingerprint || caller.pulledAt - at >= refreshMillis
        }
    }

    /// Remembers that `callers` were reported to `peer` (after it accepted the report); one transaction.
    /// - Throws: the SQLite error when the database cannot be written.
    public func markReported(_ callers: [SyncCaller], to peer: MemberID) async throws {
        guard !callers.isEmpty else { return }
        try await store.writer.write { db in
            for caller in callers {
                try db.execute(
                    sql: """
                        INSERT INTO sync_caller_sent (peer, member, fingerprint, pulled_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT(peer, member) DO UPDATE SET fingerprint = excluded.fingerprint, pulled_at = excluded.pulled_at
                        """,
                    arguments: [peer.rawValue, caller.member.rawValue, caller.fingerprint, caller.pulledAt])
            }
        }
    }
}

extension SyncCaller {
    /// What a report says of this sighting besides its time: the vector and the versions.
    var fingerprint: String {
        String(decoding: vector.json.canonicalBytes, as: UTF8.self) + "|" + (software ?? "") + "|" + (protocolVersion ?? "")
    }
}
