import Foundation
import MosaicConfig
import MosaicCore
import MosaicStore

/// One pull round with every configured peer (or one of them), as `mosaic sync` and the
/// scheduler run it.
public enum SyncRound {
    /// Why a round cannot start.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The peers of `setup`, narrowed to `only` when given.
    public static func peers(of setup: NodeSetup, only: String?) throws(Failure) -> [Member] {
        guard let only else { return setup.peers }
        guard let peer = setup.peers.first(where: { $0.id.rawValue == only }) else {
            let known = setup.peers.map(\.id.rawValue)
            throw Failure(
                description:
                    "'\(only)' is not a peer of this node\(Suggestion.hint(for: only, among: known)); peers: \(known.joined(separator: ", "))"
            )
        }
        return [peer]
    }

    /// A client for `peer` signing as this node's member, dating requests with the catalogue's clock.
    public static func client(for peer: Member, setup: NodeSetup, catalogue: NodeCatalogue) -> PeerClient? {
        guard let endpoint = peer.endpoint else { return nil }
        return PeerClient(
            peer: peer.id, endpoint: endpoint, member: setup.config.member, key: setup.signingKey,
            timeout: TimeInterval(setup.config.sync.timeoutSeconds), now: { catalogue.nowMillis })
    }

    /// Pulls from each peer in turn.
    public static func run(
        _ peers: [Member], setup: NodeSetup, catalogue: NodeCatalogue,
        progress: @escaping @Sendable (MemberID, _ done: Int, _ total: Int) -> Void = { _, _, _ in }
    ) async -> [(MemberID, PullSession.Outcome)] {
        var results: [(MemberID, PullSession.Outcome)] = []
        for peer in peers {
            guard let client = client(for: peer, setup: setup, catalogue: catalogue) else { continue }
            let session = PullSession(catalogue: catalogue, client: client, pageSize: setup.config.sync.pageSize)
            results.append((peer.id, await session.run { progress(peer.id, $0, $1) }))
        }
        return results
    }
}
