import Foundation
import MosaicCore
import MosaicStore

/// One pull round with one peer: pages until the peer has nothing more, each page applied
/// atomically with the peer's state. A round with nothing new is one small request.
public struct PullSession: Sendable {
    /// What a round did.
    public struct Outcome: Sendable {
        public var pages = 0
        public var commits = 0
        public var bytes = 0
        /// Of ``bytes``, those that brought commits already held (another peer's page got there
        /// first), estimated from the page's share of duplicate commits.
        public var duplicateBytes = 0
        /// Commits the peer has that this node still lacks at the end (0 when caught up).
        public var lag: Int64 = 0
        /// The failure that ended the round, if any.
        public var failure: PeerClient.Failure?
        /// The bound that ended the round early (`pages`, `commits` or `time`), if any; the rest waits for the next round.
        public var stoppedAt: String?
    }

    public let catalogue: NodeCatalogue
    public let client: PeerClient
    public let pageSize: Int
    public let bounds: RoundBounds
    let clock: SyncClock
    let claims: OriginClaims?
    let metrics: NodeMetrics?
    /// A deliberate defect for the simulator's own test; `nil` (the sound loop) unless a test sets it.
    var defect: PullDefect?

    /// - Parameters:
    ///   - bounds: the round's bounds on pages, commits and time.
    ///   - clock: the clock the round's time bound is read on.
    ///   - claims: shared with the sessions pulling other peers at the same time: the round first
    ///     reads the peer's vector (`GET /sync/v1/vector`), then asks only for the origins it could
    ///     claim, so each commit is downloaded once. `nil`: ask for everything.
    public init(
        catalogue: NodeCatalogue, client: PeerClient, pageSize: Int, bounds: RoundBounds = RoundBounds(), clock: SyncClock = .continuous,
        claims: OriginClaims? = nil, metrics: NodeMetrics? = nil
    ) {
        self.claims = claims
        self.catalogue = catalogue
        self.client = client
        self.pageSize = pageSize
        self.bounds = bounds
        self.clock = clock
        self.metrics = metrics
    }

    /// Runs the round and records its result in the peer's state.
    ///
    /// A peer is held to the protocol: a page must bring something new, hold no commit beyond the
    /// vector the peer claims, and a peer that claims commits must send them when asked twice.
    /// Commits from members the directory does not know are held back: the round asks past them,
    /// so they do not block the other origins, and ends reporting them (kind `held-back`).
    /// - Parameter progress: called after each page with the commits received so far and the
    ///   commits this round will bring in all (known from the peer's vector after the first page).
    public func run(progress: @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }) async -> Outcome {
        var outcome = Outcome()
        var skipped = VersionVector()
        var heldBack: [String: Int] = [:]
        var askedAgain = false
        let deadline = clock.now() + bounds.maxDuration
        // With claims: the origins this round may ask for; the peer's vector, for the lag at the end.
        var mine: Set<MemberID>?
        var peerVector: VersionVector?
        var seen: PeerVersion?
        do {
            if let claims {
                let answer = try await client.vector(timeout: min(client.timeout, bounds.maxDuration))
                seen = answer.peerVersion
                let vector = answer.vector
                peerVector = vector
                let held = try await catalogue.vector()
                mine = await claims.claim(Set(vector.entries.keys.filter { vector[$0] > held[$0] }), for: client.peer)
                outcome.lag = held.missing(from: vector)
            }
            pages: while mine?.isEmpty != true {
                let left = deadline - clock.now()
                guard left > .zero else {
                    outcome.stoppedAt = "time"
                    break
                }
                let asked = try await catalogue.vector().merged(with: skipped)
                let page: PullResponse, bytes: Int
                switch await pull(
                    after: asked, limit: max(1, min(pageSize, bounds.maxCommits - outcome.commits)), origins: mine, timeout: left)
                {
                case .success(let answer):
                    (page, bytes) = answer
                    seen = page.peerVersion ?? seen
                case .failure(let error) where error.kind == "timeout" && left < client.timeout && clock.now() >= deadline:
                    // The request was cut short by the round's own bound: what is left waits for the next round.
                    outcome.stoppedAt = "time"
                    break pages
                case .failure(let error) where error.kind == "http" && error.message.contains(" 400 ") && mine != nil:
                    // A node older than origin filters refuses the key: ask it for everything.
                    mine = nil
                    continue pages
                case .failure(let error):
                    throw error
                }
                if claims != nil { peerVector = page.vector }
                outcome.pages += 1
                outcome.bytes += bytes
                try catalogue.store.crashHook.reach(.pullPageReceived)
                try check(page)
                if !page.commits.isEmpty {
                    do {
                        let start = ContinuousClock.now
                        let applied = try await catalogue.apply(
                            page.commits,
                            from: PeerProgress(peer: client.peer, commits: page.commits.count, bytes: bytes, claimed: page.vector))
                        await metrics?.recordApply(ContinuousClock.now - start)
                        outcome.commits += applied.applied
                        outcome.duplicateBytes += bytes * applied.duplicates / page.commits.count
                        for origin in applied.heldBack {
                            heldBack[origin, default: 0] += 1
                            if let id = MemberID(origin) { skipped[id] = max(skipped[id], page.vector[id]) }
                        }
                        // Commits past a revocation are refused, not the peer's fault: one that has not heard of
                        // the revocation yet still offers them (found by the simulator). Ask past them.
                        for refused in applied.revoked {
                            if let id = refused.split(separator: "#").first.flatMap({ MemberID(String($0)) }) {
                                skipped[id] = max(skipped[id], page.vector[id])
                            }
                        }
                    } catch let error as ApplyError {
                        guard defect == .skipsRefusedPage else {
                            let incompatible = if case .invalidCommit(.incompatibleProtocol) = error.reason { true } else { false }
                            throw PeerClient.Failure(
                                kind: incompatible ? PeerVersion.incompatibleKind : "rejected", message: error.description,
                                peerVersion: seen)
                        }
                        skipped = skipped.merged(with: page.vector)
                    }
                    try catalogue.store.crashHook.reach(.pullPageApplied)
                }
                let now = try await catalogue.vector().merged(with: skipped)
                if !page.commits.isEmpty, now == asked {
                    throw PeerClient.Failure(
                        kind: "protocol",
                        message: "\(client.peer) sent \(page.commits.count) commits that bring nothing new (already held or held back)")
                }
                // With claims, only the claimed origins count: the others are another session's.
                outcome.lag = now.missing(
                    from: mine.map { mine in VersionVector(page.vector.entries.filter { mine.contains($0.key) }) } ?? page.vector)
                if !page.commits.isEmpty {
                    let (total, overflow) = outcome.commits.addingReportingOverflow(Int(outcome.lag))
                    progress(outcome.commits, overflow ? .max : total)
                }
                if outcome.pages >= bounds.maxPages, page.more || outcome.lag > 0 {
                    outcome.stoppedAt = "pages"
                    break
                }
                if outcome.commits >= bounds.maxCommits, page.more || outcome.lag > 0 {
                    outcome.stoppedAt = "commits"
                    break
                }
                if defect == .endsAfterFirstPage { break }
                if page.more { continue }
                guard outcome.lag > 0 else { break }
                // The peer's vector names commits this node lacks: ask again once (a commit may have
                // landed there between its page and its vector); a peer that still sends none lies.
                if page.commits.isEmpty {
                    guard !askedAgain else {
                        throw PeerClient.Failure(
                            kind: "protocol",
                            message: "\(client.peer) claims \(outcome.lag) commits this node lacks (vector \(page.vector)) but sends none")
                    }
                    askedAgain = true
                }
            }
            if let claims {
                await claims.release(for: client.peer)
                if let peerVector { outcome.lag = try await catalogue.vector().merged(with: skipped).missing(from: peerVector) }
            }
            if heldBack.isEmpty {
                try catalogue.store.crashHook.reach(.pullRoundDone)
                try await catalogue.recordRound(with: client.peer, error: nil, lag: outcome.lag)
                try catalogue.store.crashHook.reach(.pullRoundRecorded)
            } else {
                let origins = heldBack.sorted { $0.key < $1.key }.map { "\($0.value) from '\($0.key)'" }.joined(separator: ", ")
                throw PeerClient.Failure(
                    kind: "held-back",
                    message: "commits from members not in the member directory held back (\(origins)); the others were applied")
            }
        } catch {
            await claims?.release(for: client.peer)
            let failure = (error as? PeerClient.Failure) ?? PeerClient.Failure(kind: "local", message: "\(error)")
            outcome.failure = failure
            try? await catalogue.recordRound(with: client.peer, error: (failure.kind, failure.message), lag: nil)
            seen = failure.peerVersion ?? seen
        }
        if outcome.failure == nil { await reportCallers(before: deadline) }
        if let seen {
            try? await catalogue.recordPeerVersion(
                of: client.peer, protocolVersion: seen.protocolVersion?.description, software: seen.software)
        }
        await metrics?.record(outcome, peer: client.peer)
        return outcome
    }

    /// After a successful round, tells the peer which members pulled from this node, so that a node
    /// upstream of this one sees the nodes behind it (chain and star topologies). Only what changed
    /// since the last report to this peer is sent (``SyncCallers/pendingReport(for:refreshMillis:)``),
    /// so nothing when no one else pulled from this node or nothing moved; a peer too old for the
    /// route (404) or any failure here leaves the round's outcome as it was: the report is informational.
    private func reportCallers(before deadline: Duration) async {
        let left = deadline - clock.now()
        let callers = SyncCallers(store: catalogue.store)
        guard left > .zero, let pending = try? await callers.pendingReport(for: client.peer), !pending.isEmpty else { return }
        let report = CallerReport(callers: pending)
        do {
            try await client.report(report, timeout: left)
            try await callers.markReported(report.callers, to: client.peer)
        } catch {
            return  // sent again at the next round
        }
    }

    /// One pull request, its failure as a value (so the round can tell its own bound from the peer's fault).
    private func pull(
        after vector: VersionVector, limit: Int, origins: Set<MemberID>?, timeout: Duration
    ) async -> Result<(PullResponse, bytes: Int), PeerClient.Failure> {
        do throws(PeerClient.Failure) {
            return .success(try await client.pull(after: vector, limit: limit, origins: origins, timeout: timeout))
        } catch {
            return .failure(error)
        }
    }

    /// Refuses a page that announces more commits and sends none (a commit beyond the vector the
    /// peer claims is refused by the apply).
    func check(_ page: PullResponse) throws(PeerClient.Failure) {
        if page.more, page.commits.isEmpty {
            throw PeerClient.Failure(kind: "protocol", message: "\(client.peer) announced more commits but sent none")
        }
    }
}
