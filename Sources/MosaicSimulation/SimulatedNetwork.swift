import MosaicCore
import MosaicStore
import MosaicSync

/// The in-process network of a simulated federation: each round, every node runs the real
/// `PullSession` with each of its peers over an ``InMemoryPeerTransport`` whose faults the
/// ``SimulatedWire`` draws, and the harness judges every outcome.
///
/// A round is one pull interval. Nodes pull one after another (node order, then peer order), each
/// session running to its end before the next starts, so a schedule replays exactly from its seed;
/// a node's sessions share one `OriginClaims`, as under its `PullScheduler`. A page applied by one
/// session is served by that node to the next: news can travel more than one hop in a round.
public struct SimulatedNetwork: Sendable {
    public let federation: SimulatedFederation
    /// Most commits in one page.
    public let pageSize: Int
    /// About the most bytes in one page.
    public let pageBytes: Int
    /// Check on every refused or repeated page that the node's vector and digest did not change (costs a digest each).
    public let checkRefusals: Bool
    /// Applied to every session before it runs: the identity, except in the test that proves a
    /// broken session is caught.
    let session: @Sendable (PullSession) -> PullSession
    private let wire: SimulatedWire
    /// The pull loop's clock. Nothing in the simulation waits on it (faults fail at once), so the
    /// sessions' time bounds never cut a round short.
    private let clock = SyncClock(ManualClock())

    public init(
        federation: SimulatedFederation, pageSize: Int, pageBytes: Int = 1 << 20, checkRefusals: Bool = true,
        session: @escaping @Sendable (PullSession) -> PullSession = { $0 }
    ) {
        self.federation = federation
        self.pageSize = pageSize
        self.pageBytes = pageBytes
        self.checkRefusals = checkRefusals
        self.session = session
        wire = SimulatedWire(federation: federation, pageBytes: pageBytes, checkRefusals: checkRefusals)
    }

    /// Runs one round.
    /// - Parameters:
    ///   - group: when partitioned, each node's side; nodes on different sides cannot reach each other.
    ///   - problems: invariant violations and unexpected failures are appended here.
    public func round(faults: FaultPlan, group: [Int]?, using random: inout SplitMix64, problems: inout [String]) async throws
        -> Traffic
    {
        wire.startRound(faults: faults, group: group, random: random)
        for index in federation.nodes.indices {
            let node = federation.nodes[index]
            let transport = wire.transport(for: index, clock: clock)
            let claims = federation.peers[index].count > 1 ? OriginClaims() : nil
            for peer in federation.peers[index] {
                let member = federation.members[peer]
                let serving = federation.nodes[peer]
                // A node leaves a revoked peer (as its `PeerSource` does); a revoked member's signed
                // requests get 401 (`InMemoryPeer` checks no signature, so the session is not run).
                if node.directory.isRevoked(member) { continue }
                if serving.directory.isRevoked(node.member) {
                    wire.count { $0.revokedRequests += 1 }
                    continue
                }
                let client = PeerClient(
                    peer: member, endpoint: SimulatedWire.endpoint(member), member: node.member,
                    key: federation.signingKey(of: index), transport: transport, timeout: .seconds(30), pageBytes: pageBytes,
                    now: { node.nowMillis })
                // What the peer offers: never a revoked member's commits past its point, by its directory or the puller's.
                let peerVector = Self.capped(try await serving.sharedVector(), by: node.directory.revokedAfter)
                let outcome = await session(
                    PullSession(catalogue: node, client: client, pageSize: pageSize, clock: clock, claims: claims)
                ).run()
                wire.count { $0.commitsApplied += outcome.commits }
                try await judge(outcome, of: index, from: peer, peerVector: peerVector, problems: &problems)
            }
        }
        let (traffic, advanced) = wire.endRound()
        random = advanced
        return traffic
    }

    /// `vector` without commits past each revocation point in `revoked`.
    static func capped(_ vector: VersionVector, by revoked: [MemberID: Int64]) -> VersionVector {
        var result = vector
        for (member, after) in revoked where result[member] > after { result[member] = after }
        return result
    }

    /// Notes a published directory commit, so that its deliveries are counted apart.
    public func noteDirectoryCommit(_ bytes: [UInt8]) { wire.noteDirectoryCommit(bytes) }

    /// Checks one session's outcome against what the wire did to it: a failure must be one the
    /// injected faults explain, and must have changed nothing; a success must leave the node
    /// holding every commit the peer held.
    private func judge(
        _ outcome: PullSession.Outcome, of index: Int, from peer: Int, peerVector: VersionVector, problems: inout [String]
    ) async throws {
        let node = federation.nodes[index]
        let name = federation.members[peer]
        let injected = wire.takeInjected()
        guard let failure = outcome.failure else {
            // A replayed answer carries an old vector, so the session may rightly stop short of the peer's present one.
            let lacking = try await node.vector().missing(from: peerVector)
            if !injected.replayed, outcome.stoppedAt == nil, lacking > 0 {
                problems.append("\(node.member) ended a successful round with \(name) still lacking \(lacking) of its commits")
            }
            return
        }
        // A refused page reaches the outcome as the `ApplyError`'s description; its reason is read
        // back from that wording (`sequenceGap`: "out of sequence", `clockAhead`: "in the future");
        // should the wording change, the refusals fall to `default` and fail the schedules loudly.
        // A page past a gap whose commits follow an unseen rotation is a gap too, not a forgery
        // (`verifyJudging`), so any "does not verify" between honest nodes fails the schedule.
        switch failure.kind {
        case "unreachable" where injected.lost:
            return
        case "rejected" where failure.message.contains("out of sequence"):
            wire.count { $0.refusedGap += 1 }
        case "rejected" where failure.message.contains("in the future"):
            wire.count { $0.refusedClock += 1 }
        case "protocol" where injected.replayed && failure.message.contains("bring nothing new"):
            break
        default:
            problems.append("\(node.member) failed a pull from \(name): \(failure)")
            return
        }
        // The page refused (or repeated) was the last one served: the node must be as it was before it.
        if let before = injected.before, try await (node.vector(), node.digest()) != before {
            problems.append("\(node.member): a page from \(name) refused or repeated (\(failure.kind)) changed the vector or digest")
        }
    }
}
