import GRDB
import MosaicCore

/// How a commit reached this node: from which peer (none when it was made here) and when.
public struct Arrival: Sendable, Hashable {
    /// The peer it was pulled from, or the bundle's sender; `nil` for this node's own commits.
    public let relay: MemberID?
    /// Milliseconds since 1970.
    public let receivedAt: Int64
}

extension NodeCatalogue {
    /// How the commits of `writes` arrived, for provenance.
    public func arrivals(of writes: [WriteID]) async throws -> [WriteID: Arrival] {
        try await store.writer.read { db in
            let statement = try db.cachedStatement(
                sql: "SELECT relay, received_at FROM commit_log WHERE origin = ? AND stream = ? AND seq = ?")
            var result: [WriteID: Arrival] = [:]
            for write in Set(writes) {
                guard
                    let row = try Row.fetchOne(
                        statement, arguments: [write.origin.rawValue, write.stream.rawValue, write.seq])
                else { continue }
                let relay: String? = row["relay"]
                result[write] = Arrival(relay: relay.flatMap(MemberID.init), receivedAt: row["received_at"])
            }
            return result
        }
    }
}
