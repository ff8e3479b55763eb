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
    }

    public let catalogue: NodeCatalogue
    public let client: PeerClient
    public let pageSize: Int
    let metrics: NodeMetrics?

    public init(catalogue: NodeCatalogue, client: PeerClient, pageSize: Int, metrics: NodeMetrics? = nil) {
        self.catalogue = catalogue
        self.client = client
        self.pageSize = pageSize
        self.metrics = metrics
    }

    /// Runs the round and records its result in the peer's state.
    /// - Parameter progress: called after each page with the commits received so far and the
    ///   commits this round will bring in all (known from the peer's vector after the first page).
    public func run(progress: @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }) async -> Outcome {
        var outcome = Outcome()
        do {
            while true {
                let vector = try await catalogue.vector()
                let (page, bytes) = try await client.pull(after: vector, limit: pageSize)
                outcome.pages += 1
                outcome.bytes += bytes
                try CrashPoint.pullPageReceived.reach()
                if !page.commits.isEmpty {
                    do {
                        let start = ContinuousClock.now
                        let applied = try await catalogue.apply(
                            page.commits, from: PeerProgress(peer: client.peer, commits: page.commits.count, bytes: bytes))
                        let elapsed = ContinuousClock.now - start
                        await metrics?.recordApply(
                            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                        outcome.commits += applied.applied
                    } catch let error as ApplyError {
                        throw PeerClient.Failure(kind: "rejected", message: error.description)
                    }
                    try CrashPoint.pullPageApplied.reach()
                }
                outcome.lag = try await catalogue.vector().missing(from: page.vector)
                if !page.commits.isEmpty { progress(outcome.commits, outcome.commits + Int(outcome.lag)) }
                if !page.more || page.commits.isEmpty { break }
            }
            try CrashPoint.pullRoundDone.reach()
            try await catalogue.recordRound(with: client.peer, error: nil, lag: outcome.lag)
            try CrashPoint.pullRoundRecorded.reach()
        } catch {
            let failure = (error as? PeerClient.Failure) ?? PeerClient.Failure(kind: "local", message: "\(error)")
            outcome.failure = failure
            try? await catalogue.recordRound(with: client.peer, error: (failure.kind, failure.message), lag: nil)
        }
        await metrics?.record(outcome, peer: client.peer)
        return outcome
    }
}
