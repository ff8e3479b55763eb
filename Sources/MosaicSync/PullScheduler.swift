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
///
/// The peers come from a ``PeerSource``: one that follows the directory is asked again after every
/// round and every interval, so a member added or moved by a directory commit is pulled (at its
/// new endpoint) from the next refresh on, and a revoked one is left at its next wake-up.
public actor PullScheduler: Service {
    let catalogue: NodeCatalogue
    let source: PeerSource
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
    /// The peers pulled now, each with its endpoint and the generation of the loop pulling it.
    private var active: [MemberID: (endpoint: URL, generation: Int)] = [:]
    private var generations = 0
    private var refreshed = false
    /// The members pulled now, with the endpoint each one is pulled at (for status and tests).
    public var pulling: [MemberID: URL] { active.mapValues(\.endpoint) }

    /// - Parameters:
    ///   - clock: the clock the schedule waits on (`ContinuousClock` in a node, a ``ManualClock`` in tests).
    ///   - bounds: each round's bounds on pages, commits and time.
    ///   - maxConcurrentPulls: most peers pulled at the same time.
    public init(
        catalogue: NodeCatalogue, clients: [PeerClient], schedule: PullSchedule, pageSize: Int, logger: Logger, metrics: NodeMetrics? = nil,
        clock: SyncClock = .continuous, bounds: RoundBounds = RoundBounds(), maxConcurrentPulls: Int = SyncRound.maxConcurrentPulls,
        seed: UInt64 = UInt64.random(in: 0...UInt64.max)
    ) {
        self.init(
            catalogue: catalogue, peers: .fixed(clients), schedule: schedule, pageSize: pageSize, logger: logger, metrics: metrics,
            clock: clock, bounds: bounds, maxConcurrentPulls: maxConcurrentPulls, seed: seed)
    }

    /// - Parameters:
    ///   - peers: which peers to pull; ``PeerSource/directory(of:setup:transport:)`` in a node.
    ///   - clock: the clock the schedule waits on (`ContinuousClock` in a node, a ``ManualClock`` in tests).
    ///   - bounds: each round's bounds on pages, commits and time.
    ///   - maxConcurrentPulls: most peers pulled at the same time.
    public init(
        catalogue: NodeCatalogue, peers: PeerSource, schedule: PullSchedule, pageSize: Int, logger: Logger, metrics: NodeMetrics? = nil,
        clock: SyncClock = .continuous, bounds: RoundBounds = RoundBounds(), maxConcurrentPulls: Int = SyncRound.maxConcurrentPulls,
        seed: UInt64 = UInt64.random(in: 0...UInt64.max)
    ) {
        self.metrics = metrics
        self.catalogue = catalogue
        self.source = peers
        self.schedule = schedule
        self.pageSize = pageSize
        self.bounds = bounds
        self.clock = clock
        self.logger = logger
        self.slots = PullSlots(maxConcurrentPulls)
        // Shared claims only where several peers may be pulled at once (a lone session asks no more than it must).
        self.claims = peers.follows || peers.current().count > 1 ? OriginClaims() : nil
        self.random = SplitMix64(seed: seed)
    }

    public func run() async throws {
        // On graceful shutdown the loops are cancelled: a sleeping loop stops at once, and a page
        // being applied either commits or rolls back whole (it is one transaction).
        try await cancelWhenGracefulShutdown {
            let (refreshes, refresh) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            await withDiscardingTaskGroup { group in
                for (client, generation) in await self.refreshPeers() {
                    group.addTask { await self.loop(client, generation, refresh) }
                }
                guard self.source.follows else { return }
                // Asked again every interval too, after reading the directory again: a command beside
                // the running node (`mosaic members publish`) writes directory commits to its database.
                group.addTask {
                    while (try? await self.clock.sleep(for: .milliseconds(Int(self.schedule.interval * 1000)))) != nil {
                        do { try await self.catalogue.reloadDirectory() } catch {
                            self.logger.warning("cannot read the member directory again: \(error)")
                        }
                        refresh.yield()
                    }
                }
                for await _ in refreshes {
                    for (client, generation) in await self.refreshPeers() {
                        group.addTask { await self.loop(client, generation, refresh) }
                    }
                }
            }
        }
    }

    /// Compares the source's peers with those pulled: returns the clients to start a loop for
    /// (new members, and moved ones with a new generation) and forgets those no longer named, whose
    /// loops end when they next wake.
    private func refreshPeers() -> [(PeerClient, Int)] {
        let clients = source.current()
        var started: [(PeerClient, Int)] = []
        let named = Set(clients.map(\.peer))
        for gone in active.keys where !named.contains(gone) {
            logger.info("no longer pulling from \(gone): not a peer in the member directory now")
            active[gone] = nil
        }
        for client in clients where active[client.peer]?.endpoint != client.endpoint {
            if let old = active[client.peer] {
                logger.info("\(client.peer) moved from \(old.endpoint.absoluteString) to \(client.endpoint.absoluteString)")
            } else if refreshed {
                logger.info("pulling from \(client.peer) at \(client.endpoint.absoluteString) (new in the member directory)")
            }
            generations += 1
            active[client.peer] = (client.endpoint, generations)
            started.append((client, generations))
        }
        refreshed = true
        return started
    }

    private func isCurrent(_ peer: MemberID, _ generation: Int) -> Bool { active[peer]?.generation == generation }

    private func loop(_ client: PeerClient, _ generation: Int, _ refresh: AsyncStream<Void>.Continuation) async {
        // Start staggered within the jitter, so that nodes started together do not pull in lockstep.
        var delay = schedule.jitter * unit()
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: .milliseconds(Int(delay * 1000)))
                guard isCurrent(client.peer, generation) else { return }
                try await slots.acquire()
            } catch {
                return
            }
            guard isCurrent(client.peer, generation) else {
                await slots.release()
                return
            }
            let outcome = await PullSession(
                catalogue: catalogue, client: client, pageSize: pageSize, bounds: bounds, clock: clock, claims: claims, metrics: metrics
            ).run()
            await slots.release()
            delay = record(client.peer, outcome)
            // The round may have brought directory changes: a member added, moved or revoked.
            if source.follows && outcome.commits > 0 { refresh.yield() }
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
