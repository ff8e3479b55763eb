import Foundation
import MosaicConfig
import MosaicCore
import MosaicStore

/// Which peers a ``PullScheduler`` pulls, and at which endpoint: either a fixed list, or the
/// members the node's effective directory (PROTOCOL.md §14.2) names at the moment it is asked,
/// so a member added, moved or revoked by a directory commit is followed without a restart.
public struct PeerSource: Sendable {
    /// The clients to pull now, at most one per member.
    let current: @Sendable () -> [PeerClient]
    /// Whether ``current`` can change while the node runs (the scheduler then asks again).
    let follows: Bool

    /// The same peers for the scheduler's whole run.
    public static func fixed(_ clients: [PeerClient]) -> PeerSource {
        PeerSource(current: { clients }, follows: false)
    }

    /// The peers of `setup` (its `peers:` list, or every other member with an endpoint; never a
    /// revoked member) as `catalogue`'s effective directory describes them when asked.
    public static func directory(of catalogue: NodeCatalogue, setup: NodeSetup, transport: any PeerTransport) -> PeerSource {
        PeerSource(
            current: {
                setup.peers(in: catalogue.directory).compactMap {
                    SyncRound.client(for: $0, setup: setup, catalogue: catalogue, transport: transport)
                }
            }, follows: true)
    }
}
