import GRDB
import MosaicCore

extension NodeCatalogue {
    /// Records the versions `peer` last announced (`Mosaic-Protocol`, `Mosaic-Software`), shown in peer health.
    /// - Parameters:
    ///   - protocolVersion: `major.minor`, or `nil` when the peer announced none (a node older than the header).
    ///   - software: its software version, or `nil`.
    public func recordPeerVersion(of peer: MemberID, protocolVersion: String?, software: String?) async throws {
        try await store.writer.write { db in
            try PeerStateTable.ensure(peer, db)
            try db.execute(
                sql: "UPDATE peer_state SET peer_protocol = ?, peer_software = ? WHERE peer = ?",
                arguments: [protocolVersion.map { String($0.prefix(32)) }, software.map { String($0.prefix(32)) }, peer.rawValue])
        }
    }
}
