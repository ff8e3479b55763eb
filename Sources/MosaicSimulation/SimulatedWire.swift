import Foundation
import MosaicCore
import MosaicStore
import MosaicSync
import Synchronization

/// The simulated network as the real pull loop meets it: the ``InMemoryPeerTransport`` fault plan
/// and server of every link, drawing the faults of a ``FaultPlan`` from the schedule's seed.
///
/// Every fault happens at the transport, around the real `PullSession`:
/// * a partition or a lost request: the request fails as `unreachable`;
/// * a lost response: the peer answers, the connection closes before the body (`truncated`);
/// * a duplicate: the link's previous answer is replayed instead of a fresh one (a page applied twice);
/// * a reordering: the answer is the page after the one asked for (a later page overtaking an
///   earlier one), so the receiver meets the gap the session must refuse whole; and the commits
///   inside every page come shuffled.
///
/// Requests are answered one at a time, in order, so the draws — and the whole schedule — replay
/// exactly from the seed.
final class SimulatedWire: Sendable {
    /// A requester and the peer it pulls from, as node indices.
    struct Link: Hashable {
        let node: Int
        let peer: Int
    }

    /// What was done to the session now running, so that its outcome can be judged.
    struct Injected {
        /// A request or response was lost (partition or drop): failing `unreachable` is expected.
        var lost = false
        /// An earlier answer was replayed.
        var replayed = false
        /// A later page was served in place of the one asked for (a gap for the receiver).
        var reordered = false
        /// The requester's vector and digest when its latest page was served (before applying it).
        var before: (VersionVector, String)?
    }

    private struct State {
        var random: SplitMix64
        var faults = FaultPlan.none
        var group: [Int]?
        var traffic = Traffic()
        var injected = Injected()
        var lastAnswer: [Link: PeerAnswer] = [:]
        /// The signed bytes of every directory commit published, to count them among deliveries.
        var directoryCommits: Set<[UInt8]> = []
    }

    let federation: SimulatedFederation
    let pageBytes: Int
    let checkRefusals: Bool
    private let nodeOfHost: [String: Int]
    private let state = Mutex(State(random: SplitMix64(seed: 0)))

    init(federation: SimulatedFederation, pageBytes: Int, checkRefusals: Bool) {
        self.federation = federation
        self.pageBytes = pageBytes
        self.checkRefusals = checkRefusals
        nodeOfHost = Dictionary(uniqueKeysWithValues: federation.members.enumerated().map { (Self.host($1), $0) })
    }

    static func host(_ member: MemberID) -> String { "\(member.rawValue).sim" }

    /// The address a node's peers reach it on.
    static func endpoint(_ member: MemberID) -> URL { URL(string: "http://\(host(member))/")! }

    /// Starts a round: the faults to draw, the partition, and the random source (handed back by ``endRound()``).
    func startRound(faults: FaultPlan, group: [Int]?, random: SplitMix64) {
        state.withLock {
            $0.faults = faults
            $0.group = group
            $0.random = random
            $0.traffic = Traffic()
        }
    }

    /// Ends a round: its traffic and the random source, advanced by every draw.
    func endRound() -> (Traffic, SplitMix64) { state.withLock { ($0.traffic, $0.random) } }

    /// Adds what the network cannot see (commits applied, refusals) to the round's traffic.
    func count(_ update: (inout Traffic) -> Void) { state.withLock { update(&$0.traffic) } }

    /// Hands back what was injected into the session that just ended, and forgets it.
    func takeInjected() -> Injected {
        state.withLock {
            let injected = $0.injected
            $0.injected = Injected()
            return injected
        }
    }

    /// The transport `node` pulls through this round.
    func transport(for node: Int, clock: SyncClock) -> InMemoryPeerTransport {
        InMemoryPeerTransport(
            clock: clock, fault: { [self] request, _ in fault(for: request, from: node) },
            serve: { [self] request in await answer(request, to: node) })
    }

    /// Notes a published directory commit, so that its deliveries are counted apart.
    func noteDirectoryCommit(_ bytes: [UInt8]) { state.withLock { _ = $0.directoryCommits.insert(bytes) } }

    /// The honest answer of node `peer` as it runs now (a node restarted with a new key included).
    private func honest(_ peer: Int, _ request: PeerRequest) async -> PeerAnswer {
        await InMemoryPeer.serving(federation.nodes[peer], pageBytes: pageBytes)(request)
    }

    private func peer(of request: PeerRequest) -> Int? { request.url.host.flatMap { nodeOfHost[$0] } }

    private func fault(for request: PeerRequest, from node: Int) -> PeerFault? {
        let peer = peer(of: request)
        return state.withLock { state -> PeerFault? in
            state.traffic.requests += 1
            let cut = state.group.map { group in peer.map { group[$0] != group[node] } ?? true } ?? false
            if cut || state.random.chance(state.faults.drop) {
                state.traffic.failedPulls += 1
                state.injected.lost = true
                return .unreachable
            }
            if state.random.chance(state.faults.drop) {
                state.traffic.failedPulls += 1
                state.injected.lost = true
                return .truncated(bytes: 0)
            }
            return nil
        }
    }

    private func answer(_ request: PeerRequest, to node: Int) async -> PeerAnswer {
        guard let peer = peer(of: request) else { return PeerAnswer(status: 404, headers: [], body: []) }
        guard request.url.path.hasSuffix("/sync/v1/pull"), let pull = PullRequest(bytes: request.body) else {
            return await honest(peer, request)
        }
        let link = Link(node: node, peer: peer)
        let before = checkRefusals ? try? await (federation.nodes[node].vector(), federation.nodes[node].digest()) : nil
        let replay = state.withLock { state -> PeerAnswer? in
            state.injected.before = before
            guard let earlier = state.lastAnswer[link], state.random.chance(state.faults.duplicate) else { return nil }
            state.injected.replayed = true
            state.traffic.duplicatedPages += 1
            return earlier
        }
        if let replay {
            count(replay, again: true)
            return replay
        }
        var asked = request
        if state.withLock({ $0.random.chance($0.faults.reorder) }), let first = Self.page(of: await honest(peer, request)), first.more,
            let ahead = try? Self.vector(pull.vector, after: first.commits)
        {
            asked.body = PullRequest(vector: ahead, limit: pull.limit, origins: pull.origins).bytes
            state.withLock {
                $0.traffic.reorderedInboxes += 1
                $0.injected.reordered = true
            }
        }
        var answer = await honest(peer, asked)
        if let page = Self.page(of: answer), page.commits.count > 1 {
            // Commits inside a page come in any order; the receiver sorts them.
            let shuffled = state.withLock { page.commits.shuffled(using: &$0.random) }
            answer.body = PullResponse(commits: shuffled, more: page.more, vector: page.vector).bytes
        }
        state.withLock { $0.lastAnswer[link] = answer }
        count(answer, again: false)
        return answer
    }

    /// Counts a pull answer's page: its commits and their commit and signature bytes.
    private func count(_ answer: PeerAnswer, again: Bool) {
        guard let page = Self.page(of: answer) else { return }
        let bytes = page.commits.reduce(0) { $0 + $1.bytes.count + $1.signature.count }
        state.withLock {
            $0.traffic.pages += 1
            $0.traffic.commitsDelivered += page.commits.count
            $0.traffic.bytes += bytes
            if again { $0.traffic.duplicateCommits += page.commits.count }
            let published = $0.directoryCommits
            if !published.isEmpty { $0.traffic.directoryCommitsDelivered += page.commits.filter { published.contains($0.bytes) }.count }
        }
    }

    private static func page(of answer: PeerAnswer) -> PullResponse? {
        answer.status == 200 ? PullResponse(bytes: answer.body) : nil
    }

    /// `vector` advanced past `commits`: the vector of the request for the page after them.
    private static func vector(_ vector: VersionVector, after commits: [SignedCommit]) throws -> VersionVector {
        var result = vector
        for signed in commits {
            let commit = try CommitDecoder.decode(signed.bytes)
            result[commit.origin] = max(result[commit.origin], commit.seq)
        }
        return result
    }
}
