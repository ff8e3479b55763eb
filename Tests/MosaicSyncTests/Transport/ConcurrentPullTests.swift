import Foundation
import Logging
import MosaicConfig
import MosaicCore
import MosaicStore
import MosaicSync
import Synchronization
import Testing

/// `mosaic sync` and the scheduler pull peers concurrently, at most four at once, so one slow or
/// hostile peer never delays another; the scheduler's waits and back-off run on a manual clock.
@Suite struct ConcurrentPullTests {
    /// A node set up to pull from `peers` (in-memory endpoints).
    static func setup(pulling peers: [MemberID], pageSize: Int = 500) -> NodeSetup {
        var config = NodeConfig(
            member: PullFixture.puller, listen: ListenAddress(host: "127.0.0.1", port: 0), databasePath: ":memory:", keyFilePath: "unused",
            membersDirectory: "unused")
        config.sync.pageSize = pageSize
        let members = PullFixture.directory.members.map { member in
            var member = member
            if peers.contains(member.id) { member.endpoint = PullFixture.endpoint(member.id) }
            return member
        }
        return NodeSetup(
            configFile: "test", config: config, directory: MemberDirectory(members),
            signingKey: DemoKeys.signingKey(for: PullFixture.puller))
    }

    @Test func aHangingPeerDoesNotDelayAnother() async throws {
        let clock = ManualClock()
        let source = try await PullFixture.origin(commits: 5)
        let slow = PullFixture.peers[0], fast = PullFixture.peers[1]
        let transport = InMemoryPeerTransport(
            clock: SyncClock(clock), fault: { request, _ in request.url.host == "\(slow.rawValue).test" ? .hang : nil },
            serve: InMemoryPeer.serving(source))
        let setup = Self.setup(pulling: [slow, fast])
        let puller = try PullFixture.catalogue(PullFixture.puller)
        let round = Task {
            await SyncRound.run(setup.peers, setup: setup, catalogue: puller, transport: transport, clock: SyncClock(clock))
        }
        #expect(await clock.waitForSleepers(1))
        // The fast peer's round completes while the slow one hangs and no time has passed.
        var done = false
        for _ in 0..<100_000 where !done {
            done = try await puller.vector()[PullFixture.origin] == 5
            if !done { await Task.yield() }
        }
        #expect(done)
        #expect(clock.now.offset == .zero)
        // Its vector read and one page.
        #expect(transport.log.filter { $0.url.host == "\(fast.rawValue).test" }.map(\.method) == ["GET", "POST"])
        clock.advance(by: .seconds(30))
        let results = await round.value
        #expect(results.map(\.0) == [slow, fast])
        #expect(results[0].1.failure?.kind == "timeout")
        #expect(results[1].1.failure == nil && results[1].1.commits == 5)
    }

    @Test func atMostFourPeersArePulledAtOnce() async throws {
        let clock = ManualClock()
        let sent = Mutex(0)
        let transport = InMemoryPeerTransport(
            clock: SyncClock(clock),
            fault: { _, _ in
                sent.withLock { $0 += 1 }
                return .hang
            }, serve: { _ in PeerAnswer(status: 500, headers: [], body: []) })
        let setup = Self.setup(pulling: PullFixture.peers)
        let puller = try PullFixture.catalogue(PullFixture.puller)
        let round = Task {
            await SyncRound.run(setup.peers, setup: setup, catalogue: puller, transport: transport, clock: SyncClock(clock))
        }
        #expect(await clock.waitForSleepers(4))
        for _ in 0..<1000 { await Task.yield() }
        #expect(sent.withLock { $0 } == 4 && clock.sleeperCount == 4)
        clock.advance(by: .seconds(30))
        #expect(await clock.waitForSleepers(2))
        #expect(sent.withLock { $0 } == 6)
        clock.advance(by: .seconds(30))
        let results = await round.value
        #expect(results.count == 6 && results.allSatisfy { $0.1.failure?.kind == "timeout" })
    }

    @Test func theSchedulerBacksOffOnTheInjectedClock() async throws {
        let clock = ManualClock()
        let puller = try PullFixture.catalogue(PullFixture.puller)
        let peer = PullFixture.peers[0]
        let transport = InMemoryPeerTransport(
            clock: SyncClock(clock), fault: { _, _ in .unreachable }, serve: { _ in PeerAnswer(status: 500, headers: [], body: []) })
        let scheduler = PullScheduler(
            catalogue: puller, clients: [PullFixture.client(of: peer, for: puller, transport: transport)],
            schedule: PullSchedule(interval: 60, jitter: 0, backoffCap: 240), pageSize: 10, logger: Logger(label: "test"),
            clock: SyncClock(clock), seed: 1)
        let running = Task { try await scheduler.run() }
        var delays: [Double] = []
        for round in 1...5 {
            // Each round starts only when the clock reaches its time.
            #expect(await clock.waitForSleepers(1))
            if round > 1 {
                clock.advance(by: .seconds(delays.last! - 1))
                for _ in 0..<1000 { await Task.yield() }
                #expect(await scheduler.rounds[peer] == round - 1, "a round started before its time")
                clock.advance(by: .seconds(1))
            }
            while await scheduler.rounds[peer, default: 0] < round { await Task.yield() }
            delays.append(try #require(await scheduler.nextDelay[peer]))
        }
        #expect(delays == [60, 120, 240, 240, 240])
        #expect(transport.log.count == 5)
        #expect(clock.now.offset == .seconds(60 + 120 + 240 + 240))
        running.cancel()
        _ = await running.result
    }
}
