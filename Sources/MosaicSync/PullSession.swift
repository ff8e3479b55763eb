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
    let metrics: NodeMetrics?

    /// - Parameters:
    ///   - bounds: the round's bounds on pages, commits and time.
    ///   - clock: the clock the round's time bound is read on.
    public init(
        catalogue: NodeCatalogue, client: PeerClient, pageSize: Int, bounds: RoundBounds = RoundBounds(), clock: SyncClock = .continuous,
        metrics: NodeMetrics? = nil
    ) {
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
        do {
            while true {
                let left = deadline - clock.now()
                guard left > .zero else {
                    outcome.stoppedAt = "time"
                    break
                }
                let asked = try await catalogue.vector().merged(with: skipped)
                let page: PullResponse, bytes: Int
                do throws(PeerClient.Failure) {
                    (page, bytes) = try await client.pull(after: asked, limit: max(1, min(pageSize, bounds.maxCommits - outcome.commits)), timeout: left)
                } catch where error.kind == "timeout" && left < client.timeout && clock.now() >= deadline {
                    // The request was cut short by the round's own bound: what is left waits for the next round.
                    outcome.stoppedAt = "time"
                    break
                }
                outcome.pages += 1
                outcome.bytes += bytes
                try CrashPoint.pullPageReceived.reach()
                try check(page)
                if !page.commits.isEmpty {
                    do {
                        let start = ContinuousClock.now
                        let applied = try await catalogue.apply(
                            page.commits,
                            from: PeerProgress(peer: client.peer, commits: page.commits.count, bytes: bytes, claimed: page.vector))
                        let elapsed = ContinuousClock.now - start
                        await metrics?.recordApply(
                            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                        outcome.commits += applied.applied
                        for origin in applied.heldBack {
                            heldBack[origin, default: 0] += 1
                            if let id = MemberID(origin) { skipped[id] = max(skipped[id], page.vector[id]) }
                        }
                    } catch let error as ApplyError {
                        throw PeerClient.Failure(kind: "rejected", message: error.description)
                    }
                    try CrashPoint.pullPageApplied.reach()
                }
                let now = try await catalogue.vector().merged(with: skipped)
                if !page.commits.isEmpty, now == asked {
                    throw PeerClient.Failure(
                        kind: "protocol",
                        message: "\(client.peer) sent \(page.commits.count) commits that bring nothing new (already held or held back)")
                }
                outcome.lag = now.missing(from: page.vector)
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
            if heldBack.isEmpty {
                try CrashPoint.pullRoundDone.reach()
                try await catalogue.recordRound(with: client.peer, error: nil, lag: outcome.lag)
                try CrashPoint.pullRoundRecorded.reach()
            } else {
                let origins = heldBack.sorted { $0.key < $1.key }.map { "\($0.value) from '\($0.key)'" }.joined(separator: ", ")
                throw PeerClient.Failure(
                    kind: "held-back",
                    message: "commits from members not in the member directory held back (\(origins)); the others were applied")
            }
        } catch {
            let failure = (error as? PeerClient.Failure) ?? PeerClient.Failure(kind: "local", message: "\(error)")
            outcome.failure = failure
            try? await catalogue.recordRound(with: client.peer, error: (failure.kind, failure.message), lag: nil)
        }
        await metrics?.record(outcome, peer: client.peer)
        return outcome
    }

    /// Refuses a page that announces more commits and sends none (a commit beyond the vector the
    /// peer claims is refused by the apply).
    func check(_ page: PullResponse) throws(PeerClient.Failure) {
        if page.more, page.commits.isEmpty {
            throw PeerClient.Failure(kind: "protocol", message: "\(client.peer) announced more commits but sent none")
        }
    }
}
