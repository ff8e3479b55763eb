import Foundation
import Logging
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// The scheduler on the injected clock after an outage: back-off while the peer fails, then back
/// to its interval once a round succeeds, with the commits applied by the real session.
/// (`ConcurrentPullTests` covers the back-off doubling to its cap while failures go on.)
@Suite struct SchedulerRecoveryTests {
    @Test func theSchedulerReturnsToItsIntervalOnceThePeerAnswers() async throws {
        // setup
        let clock = ManualClock()
        let source = try await PullFixture.origin(commits: 3)
        let puller = try PullFixture.catalogue(PullFixture.puller)
        let peer = PullFixture.peers[0]
        // The first two requests fail; the peer answers every one after them.
        let transport = InMemoryPeerTransport(
            clock: SyncClock(clock), fault: { _, n in n < 2 ? .unreachable : nil }, serve: InMemoryPeer.serving(source))
        let scheduler = PullScheduler(
            catalogue: puller, clients: [PullFixture.client(of: peer, for: puller, transport: transport)],
            schedule: PullSchedule(interval: 60, jitter: 0, backoffCap: 600), pageSize: 2, logger: Logger(label: "test"),
            clock: SyncClock(clock), seed: 1)
        // MUT
        let running = Task { try await scheduler.run() }
        var delays: [Double] = []
        var held: [Int64] = []
        for round in 1...4 {
            while await scheduler.rounds[peer, default: 0] < round { await Task.yield() }
            delays.append(try #require(await scheduler.nextDelay[peer]))
            held.append(try await puller.vector()[PullFixture.origin])
            guard round < 4 else { break }
            #expect(await clock.waitForSleepers(1))
            clock.advance(by: .seconds(delays.last!))
        }
        running.cancel()
        _ = await running.result
        // validate
        #expect(delays == [60, 120, 60, 60], "back-off after two failures, then the interval again")
        #expect(held == [0, 0, 3, 3], "the third round brings the peer's 3 commits (two pages of 2)")
        // Rounds start at 0, 60, 180 and 240 s on the injected clock; the third is two pages, the fourth one empty page.
        #expect(transport.log.map(\.sentAt) == [.zero, .seconds(60), .seconds(180), .seconds(180), .seconds(240)])
        #expect(transport.log.map { $0.fault == nil } == [false, false, true, true, true])
    }
}
