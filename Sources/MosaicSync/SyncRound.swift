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

    /// The peers of `setup` in `directory` (the node's effective directory, so members added by a
    /// directory commit count; ``NodeSetup/peers(in:)``), narrowed to `only` when given.
    public static func peers(of setup: NodeSetup, in directory: MemberDirectory, only: String?) throws(Failure) -> [Member] {
        let peers = setup.peers(in: directory)
        guard let only else { return peers }
        guard let peer = peers.first(where: { $0.id.rawValue == only }) else {
            let known = peers.map(\.id.rawValue)
            throw Failure(
                description:
                    "'\(only)' is not a peer of this node\(Suggestion.hint(for: only, among: known)); peers: \(known.joined(separator: ", "))"
            )
        }
        return [peer]
    }

    /// Most peers pulled at the same time by `mosaic sync` and the scheduler.
    public static let maxConcurrentPulls = 4

    /// A client for `peer` signing as this node's member, dating requests with the catalogue's
    /// clock, bounded by the node's timeout and page settings.
    public static func client(for peer: Member, setup: NodeSetup, catalogue: NodeCatalogue, transport: any PeerTransport) -> PeerClient? {
        guard let endpoint = peer.endpoint else { return nil }
        return PeerClient(
            peer: peer.id, endpoint: endpoint, member: setup.config.member, key: setup.signingKey, transport: transport,
            timeout: .seconds(setup.config.sync.timeoutSeconds), pageBytes: setup.config.sync.pageBytes, now: { catalogue.nowMillis },
            tls: setup.config.peerTLS[peer.id])
    }

    /// Pulls from the peers concurrently, at most ``maxConcurrentPulls`` at once, so one slow or
    /// hostile peer never delays the others; each round is bounded by `bounds`.
    /// - Parameters:
    ///   - transport: how peers are reached; `nil` for a live transport made for this round and
    ///     shut down after it.
    ///   - shareOrigins: whether the sessions share ``OriginClaims`` (each commit downloaded once);
    ///     off only to measure what sharing saves.
    /// - Returns: each peer's outcome, in the order of `peers`.
    public static func run(
        _ peers: [Member], setup: NodeSetup, catalogue: NodeCatalogue, transport: (any PeerTransport)? = nil,
        clock: SyncClock = .continuous, bounds: RoundBounds = RoundBounds(), shareOrigins: Bool = true,
        progress: @escaping @Sendable (MemberID, _ done: Int, _ total: Int) -> Void = { _, _, _ in }
    ) async -> [(MemberID, PullSession.Outcome)] {
        guard let transport else {
            return await LivePeerTransport.withTransport { live in
                await run(
                    peers, setup: setup, catalogue: catalogue, transport: live, clock: clock, bounds: bounds, shareOrigins: shareOrigins,
                    progress: progress)
            }
        }
        let clients = peers.compactMap { client(for: $0, setup: setup, catalogue: catalogue, transport: transport) }
        let claims = shareOrigins && clients.count > 1 ? OriginClaims() : nil
        let sessions = clients.map {
            PullSession(
                catalogue: catalogue, client: $0, pageSize: setup.config.sync.pageSize, bounds: bounds, clock: clock, claims: claims)
        }
        var results: [Int: PullSession.Outcome] = [:]
        await withTaskGroup(of: (Int, PullSession.Outcome).self) { group in
            var next = 0
            func start() {
                guard next < sessions.count else { return }
                let index = next, session = sessions[index]
                next += 1
                group.addTask { (index, await session.run { progress(session.client.peer, $0, $1) }) }
            }
            for _ in 0..<maxConcurrentPulls { start() }
            while let (index, outcome) = await group.next() {
                results[index] = outcome
                start()
            }
        }
        return sessions.indices.map { (sessions[$0].client.peer, results[$0] ?? PullSession.Outcome()) }
    }
}
