import GRDB
import MosaicCore

/// One member seen pulling: from this node directly (a verified pull it served), or as a caller
/// reported it (a relay's own callers, for chain and star topologies).
public struct SyncCaller: Sendable, Hashable {
    public let member: MemberID
    /// The version vector the member holds once it applied the answer it was given: the pull
    /// request's `vector`, advanced by the answer's when it was the round's last page (docs/PROTOCOL.md §15).
    public let vector: VersionVector
    /// When it pulled, milliseconds since 1970 (the observing node's clock).
    public let pulledAt: Int64
    /// What it announced in `Mosaic-Software` and `Mosaic-Protocol`, `nil` when nothing.
    public let software: String?
    public let protocolVersion: String?
    /// The caller that reported this sighting, `nil` when this node served the pull itself.
    public let reportedBy: MemberID?

    public init(
        member: MemberID, vector: VersionVector, pulledAt: Int64, software: String?, protocolVersion: String?, reportedBy: MemberID? = nil
    ) {
        self.member = member
        self.vector = vector
        self.pulledAt = pulledAt
        self.software = software.map { String($0.prefix(Self.maxVersionCharacters)) }
        self.protocolVersion = protocolVersion.map { String($0.prefix(Self.maxVersionCharacters)) }
        self.reportedBy = reportedBy
    }

    /// Versions longer than this are cut (the header fields are checked to 32 bytes already).
    public static let maxVersionCharacters = 32

    /// The same sighting with its vector cut to the origins of `directory`, so that a row stays as
    /// small as the directory whatever a caller sends.
    public func restricted(to directory: MemberDirectory) -> SyncCaller {
        SyncCaller(
            member: member, vector: VersionVector(vector.entries.filter { directory[$0.key] != nil }), pulledAt: pulledAt,
            software: software, protocolVersion: protocolVersion, reportedBy: reportedBy)
    }
}

/// The `sync_caller` table: one row per member, replaced by a newer sighting, so it stays as small
/// as the member directory (only verified members and members of the directory are written).
public struct SyncCallers: Sendable {
    let store: CatalogueStore

    public init(store: CatalogueStore) { self.store = store }

    /// Records a pull this node served; one upsert. A sighting never replaces a newer one.
    /// - Throws: the SQLite error when the database cannot be written.
    public func recordPull(_ caller: SyncCaller) async throws {
        try await store.writer.write { db in try Self.upsert(caller, db) }
    }

    /// Records what `reporter` says of its own callers, in one transaction. Entries about this node
    /// or the reporter itself, and entries older than what is held, change nothing.
    /// - Parameters:
    ///   - sightings: the reporter's callers (their `reportedBy` is ignored: the reporter is named).
    ///   - own: this node's member.
    ///   - directory: only its members are kept, and only its origins in their vectors.
    /// - Throws: the SQLite error when the database cannot be written.
    public func recordReport(_ sightings: [SyncCaller], from reporter: MemberID, to own: MemberID, directory: MemberDirectory) async throws
    {
        let kept = sightings.filter { $0.member != reporter && $0.member != own && directory[$0.member] != nil }
        guard !kept.isEmpty else { return }
        try await store.writer.write { db in
            for sighting in kept {
                try Self.upsert(
                    SyncCaller(
                        member: sighting.member, vector: sighting.vector, pulledAt: sighting.pulledAt, software: sighting.software,
                        protocolVersion: sighting.protocolVersion, reportedBy: reporter
                    ).restricted(to: directory), db)
            }
        }
    }

    /// Every member seen, by member id.
    public func all() async throws -> [SyncCaller] {
        try await store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT member, vector, pulled_at, software, protocol, reported_by FROM sync_caller ORDER BY member")
                .compactMap { row -> SyncCaller? in
                    guard let member = MemberID(row["member"] as String),
                        let vector = (try? JSONParser.parse(Array((row["vector"] as String).utf8))).flatMap(VersionVector.init(json:))
                    else { return nil }
                    return SyncCaller(
                        member: member, vector: vector, pulledAt: row["pulled_at"], software: row["software"],
                        protocolVersion: row["protocol"], reportedBy: (row["reported_by"] as String?).flatMap(MemberID.init))
                }
        }
    }

    /// A newer sighting replaces the row; at the same time, one made by this node wins over a report.
    private static func upsert(_ caller: SyncCaller, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO sync_caller (member, vector, pulled_at, software, protocol, reported_by) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(member) DO UPDATE SET
                    vector = excluded.vector, pulled_at = excluded.pulled_at, software = excluded.software,
                    protocol = excluded.protocol, reported_by = excluded.reported_by
                WHERE excluded.pulled_at > sync_caller.pulled_at
                    OR (excluded.pulled_at = sync_caller.pulled_at AND excluded.reported_by IS NULL)
                """,
            arguments: [
                caller.member.rawValue, String(decoding: caller.vector.json.canonicalBytes, as: UTF8.self), caller.pulledAt,
                caller.software, caller.protocolVersion, caller.reportedBy?.rawValue,
            ])
    }
}
