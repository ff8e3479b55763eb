import Foundation
import Logging
import MosaicConfig
import MosaicCore
import MosaicStore
import ServiceLifecycle

/// Pulls each peer on its own schedule: every interval plus jitter, backing off exponentially
/// (capped) while a peer fails. Peers are pulled concurrently, at most ``maxConcurrentPulls`` at
/// once, so one slow peer never delays another; every wait is on the injected clock. A `Service`:
/// it runs under the node's `ServiceGroup` and stops on graceful shutdown, after the page in
/// flight (each page is one transaction).
public actor PullScheduler: Service {
    let catalogue: NodeCatalogue
    let clients: [PeerClient]
    let schedule: PullSchedule
    let pageSize: Int
    let bounds: RoundBounds
    let clock: SyncClock
    let logger: Logger
    let metrics: NodeMetrics?
    let slots: PullSlots
    let claims: OriginClaims?
    private var random: SplitMix64
    /// Rounds finished per peer, and the delay chosen after the last one (for status and tests).
    public private(set) var rounds: [MemberID: Int] = [:]
    public private(set) var nextDelay: [MemberID: Double] = [:]
    private var failures: [MemberID: Int] = [:]

    /// - Parameters:
    ///   - clock: the clock the schedule waits on (`ContinuousClock` in a node, a ``ManualClock`` in tests).
    ///   - bounds: each round's bounds on pages, commits and time.
    ///   - maxConcurrentPulls: most peers pulled at the same time.
    public init(
        catalogue: NodeCatalogue, clients: [PeerClient], schedule: PullSchedule, pageSize: Int, logger: Logger, metrics: NodeMetrics? = nil,
        clock: SyncClock = .continuous, bounds: RoundBounds = RoundBounds(), maxConcurrentPulls: Int = SyncRound.maxConcurrentPulls,
        seed: UInt64 = UInt64.random(in: 0...UInt64.max)
    ) {
        self.metrics = metrics
        self.catalogue = catalogue
        self.clients = clients
        self.schedule = schedule
        self.pageSize = pageSize
        self.bounds = bounds
        self.clock = clock
        self.logger = logger
        self.slots = PullSlots(maxConcurrentPulls)
        self.claims = clients.count > 1 ? OriginClaims() : nil
        self.random = SplitMix64(seed: seed)
    }

    public func run() async throws {
        // On graceful shutdown the loops are cancelled: a sleeping loop stops at once, and a page
        // being applied either commits or rolls back whole (it is one transaction).
        try await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for client in self.clients {
                    group.addTask { await self.loop(client) }
                }
            }
        }
    }

    private func loop(_ client: PeerClient) async {
        // Start staggered within the jitter, so that nodes started together do not pull in lockstep.
        var delay = schedule.jitter * unit()
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: .milliseconds(Int(delay * 1000)))
                try await slots.acquire()
            } catch {
                return
            }
            let outcome = await PullSession(
                catalogue: catalogue, client: client, pageSize: pageSize, bounds: bounds, clock: clock, claims: claims, metrics: metrics
            ).run()
            await slots.release()
            delay = record(client.peer, outcome)
        }
    }

    private func record(_ peer: MemberID, _ outcome: PullSession.Outcome) -> Double {
        rounds[peer, default: 0] += 1
        if let failure = outcome.failure {
            failures[peer, default: 0] += 1
            logger.warning("pull from \(peer) failed (\(failures[peer]!) in a row): \(failure)")
        } else {
            if failures[peer, default: 0] > 0 { logger.info("pull from \(peer) recovered") }
            failures[peer] = 0
            if outcome.commits > 0 {
                logger.info(
                    "pulled \(outcome.commits) commits from \(peer) (\(outcome.bytes - outcome.duplicateBytes) new bytes, \(outcome.duplicateBytes) duplicate bytes)"
                )
            }
            if let bound = outcome.stoppedAt {
                logger.info("round with \(peer) stopped at its \(bound) bound; \(outcome.lag) commits wait for the next round")
            }
        }
        let delay = schedule.delay(afterConsecutiveFailures: failures[peer, default: 0], unit: unit())
        nextDelay[peer] = delay
        return delay
    }

    private func unit() -> Double { Double(random.next() % 1_000_000) / 1_000_000 }
}
