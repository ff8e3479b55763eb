import Foundation
import Logging
import MosaicConfig
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// The scheduler's peers follow the node's effective directory (issue 15): a member added by a
/// pulled directory commit is pulled from the next refresh on, a moved member at its new endpoint,
/// a revoked one no more, and a `peers:` list still restricts; no restart, all on a manual clock.
@Suite struct DirectoryPeersTests {
    static let coordinator = PullFixture.origin, puller = PullFixture.puller, joiner = PullFixture.peers[0]
    static let moved = URL(string: "http://p1-moved.test/mosaic/")!

    /// The seed both running nodes start from: the coordinator (with an endpoint) and the puller.
    static var seed: MemberDirectory {
        MemberDirectory(
            LiveNode.directory([coordinator, puller], coordinators: [coordinator]).members.map { member in
                var member = member
                if member.id == coordinator { member.endpoint = PullFixture.endpoint(coordinator) }
                return member
            })
    }

    static func catalogue(_ member: MemberID, directory: MemberDirectory) throws -> NodeCatalogue {
        NodeCatalogue(
            store: try CatalogueStore.inMemory(member: member), member: member, signingKey: DemoKeys.signingKey(for: member),
            directory: directory)
    }

    static func joinerEntry(at endpoint: URL) -> Member {
        var member = LiveNode.directory([joiner], coordinators: []).members[0]
        member.endpoint = endpoint
        return member
    }

    static func setup(peers: [MemberID]? = nil) -> NodeSetup {
        var config = NodeConfig(
            member: puller, listen: ListenAddress(host: "127.0.0.1", port: 0), databasePath: ":memory:", keyFilePath: "unused",
            membersDirectory: "unused", peers: peers)
        config.sync.pageSize = 50
        return NodeSetup(configFile: "test", config: config, directory: seed, signingKey: DemoKeys.signingKey(for: puller))
    }

    /// Yields until `condition` holds (never sleeps); `false` when it did not within the attempts.
    static func eventually(_ condition: () async throws -> Bool) async rethrows -> Bool {
        for _ in 0..<200_000 {
            if try await condition() { return true }
            await Task.yield()
        }
        return false
    }

    /// A puller whose scheduler follows its directory (narrowed by `peers`), the coordinator's node
    /// (served as `origin.test`) and a joiner's node with 2 commits (served at any other host), on
    /// one manual clock.
    static func federation(peers: [MemberID]? = nil) async throws -> (
        ManualClock, NodeCatalogue, NodeCatalogue, NodeCatalogue, InMemoryPeerTransport, PullScheduler
    ) {
        let clock = ManualClock()
        let coordinatorNode = try Self.catalogue(Self.coordinator, directory: Self.seed)
        let joinerNode = try await PullFixture.authored(by: Self.joiner, commits: 2)
        let puller = try Self.catalogue(Self.puller, directory: Self.seed)
        let serveCoordinator = InMemoryPeer.serving(coordinatorNode), serveJoiner = InMemoryPeer.serving(joinerNode)
        let transport = InMemoryPeerTransport(clock: SyncClock(clock)) { request in
            await (request.url.host == "origin.test" ? serveCoordinator : serveJoiner)(request)
        }
        let scheduler = PullScheduler(
            catalogue: puller, peers: .directory(of: puller, setup: Self.setup(peers: peers), transport: transport),
            schedule: PullSchedule(interval: 60, jitter: 0, backoffCap: 600), pageSize: 50, logger: Logger(label: "test"),
            clock: SyncClock(clock), seed: 1)
        return (clock, coordinatorNode, joinerNode, puller, transport, scheduler)
    }

    @Test func aMemberAddedMovedAndRevokedByDirectoryCommitsIsFollowedWithoutRestart() async throws {
        // setup
        let (clock, coordinatorNode, joinerNode, puller, transport, scheduler) = try await Self.federation()
        try await coordinatorNode.commitDirectory([.member(Self.joinerEntry(at: PullFixture.endpoint(Self.joiner)))])
        func hosts(at seconds: Int64) -> Set<String> {
            Set(transport.log.filter { $0.sentAt == .seconds(seconds) }.compactMap { $0.url.host })
        }
        // MUT: at 0 s the puller knows only the coordinator; the directory commit names the joiner.
        let running = Task { try await scheduler.run() }
        #expect(try await Self.eventually { try await puller.vector()[Self.joiner] == 2 }, "the added member is pulled")
        #expect(
            await scheduler.pulling == [
                Self.coordinator: PullFixture.endpoint(Self.coordinator), Self.joiner: PullFixture.endpoint(Self.joiner),
            ])
        #expect(hosts(at: 0) == ["origin.test", "p1.test"], "within the same interval as the directory commit")
        // The joiner moves, then writes once more: from the next interval it is pulled at its new endpoint.
        try await coordinatorNode.commitDirectory([.member(Self.joinerEntry(at: Self.moved))])
        _ = try await joinerNode.commit([
            .create(
                type: .practice, nonce: "after-the-move",
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Moved")], isPrivate: false)
        ])
        #expect(await clock.waitForSleepers(3), "the coordinator's loop, the joiner's loop and the refresh tick")
        clock.advance(by: .seconds(60))
        #expect(try await Self.eventually { try await puller.vector()[Self.joiner] == 3 && hosts(at: 60).contains("p1-moved.test") })
        #expect(await scheduler.pulling[Self.joiner] == Self.moved)
        // Every loop asleep again: the coordinator's, the new endpoint's, the tick, and the old
        // endpoint's when it woke before the move was applied (it ends when it next wakes).
        #expect(await Self.eventually { clock.sleeperCount >= (hosts(at: 60).contains("p1.test") ? 4 : 3) })
        clock.advance(by: .seconds(60))
        #expect(await Self.eventually { hosts(at: 120) == ["origin.test", "p1-moved.test"] }, "the old endpoint is no longer pulled")
        // The coordinator revokes the joiner: from the interval after, nobody pulls it.
        #expect(await Self.eventually { clock.sleeperCount >= 3 })
        try await coordinatorNode.commitDirectory([.revoke(member: Self.joiner, after: 3)])
        clock.advance(by: .seconds(60))
        #expect(try await Self.eventually { try await puller.vector()[Self.coordinator] == 3 })
        #expect(await Self.eventually { await scheduler.pulling[Self.joiner] == nil })
        #expect(await Self.eventually { clock.sleeperCount >= (hosts(at: 180).contains("p1-moved.test") ? 3 : 2) })
        clock.advance(by: .seconds(60))
        #expect(await Self.eventually { hosts(at: 240) == ["origin.test"] }, "a revoked member is no longer pulled")
        for _ in 0..<1000 { await Task.yield() }
        #expect(hosts(at: 240) == ["origin.test"])
        running.cancel()
        _ = await running.result
        // validate
        #expect(puller.directory.isRevoked(Self.joiner))
        #expect(!transport.log.contains { $0.url.host == "p1.test" && $0.sentAt >= .seconds(120) })
    }

    @Test func aPeersListStillRestrictsWhichMembersArePulled() async throws {
        // setup
        let (clock, coordinatorNode, _, puller, transport, scheduler) = try await Self.federation(peers: [Self.coordinator])
        try await coordinatorNode.commitDirectory([.member(Self.joinerEntry(at: PullFixture.endpoint(Self.joiner)))])
        // MUT
        let running = Task { try await scheduler.run() }
        #expect(await Self.eventually { puller.directory[Self.joiner] != nil }, "the directory commit is applied")
        #expect(await clock.waitForSleepers(2))
        clock.advance(by: .seconds(60))
        #expect(await clock.waitForSleepers(2))
        for _ in 0..<1000 { await Task.yield() }
        running.cancel()
        _ = await running.result
        // validate
        #expect(await scheduler.pulling == [Self.coordinator: PullFixture.endpoint(Self.coordinator)])
        #expect(!transport.log.contains { $0.url.host == "p1.test" }, "the joiner is not in `peers:`")
        #expect(try await puller.vector()[Self.joiner] == 0)
    }

    @Test func aDirectoryCommitWrittenByACommandBesideTheNodeIsFollowedAtTheNextInterval() async throws {
        // setup: the puller is a coordinator; a command (a second catalogue on the same database,
        // as `mosaic members publish` beside `mosaic serve`) adds the joiner.
        let clock = ManualClock()
        let seed = MemberDirectory(
            Self.seed.members.map { member in
                var member = member
                member.role = member.id == Self.puller ? .coordinator : .member
                return member
            })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("directory-peers-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        func open() throws -> NodeCatalogue {
            NodeCatalogue(
                store: try CatalogueStore(path: path, member: Self.puller), member: Self.puller,
                signingKey: DemoKeys.signingKey(for: Self.puller), directory: seed)
        }
        let running = try open(), command = try open()
        let coordinatorNode = try Self.catalogue(Self.coordinator, directory: seed)
        let joinerNode = try await PullFixture.authored(by: Self.joiner, commits: 2)
        let serveCoordinator = InMemoryPeer.serving(coordinatorNode), serveJoiner = InMemoryPeer.serving(joinerNode)
        let transport = InMemoryPeerTransport(clock: SyncClock(clock)) { request in
            await (request.url.host == "origin.test" ? serveCoordinator : serveJoiner)(request)
        }
        var config = Self.setup().config
        config.databasePath = path
        let setup = NodeSetup(configFile: "test", config: config, directory: seed, signingKey: DemoKeys.signingKey(for: Self.puller))
        let scheduler = PullScheduler(
            catalogue: running, peers: .directory(of: running, setup: setup, transport: transport),
            schedule: PullSchedule(interval: 60, jitter: 0, backoffCap: 600), pageSize: 50, logger: Logger(label: "test"),
            clock: SyncClock(clock), seed: 1)
        let task = Task { try await scheduler.run() }
        #expect(await clock.waitForSleepers(2), "the coordinator's loop and the tick")
        // MUT
        try await command.commitDirectory([.member(Self.joinerEntry(at: PullFixture.endpoint(Self.joiner)))])
        #expect(running.directory[Self.joiner] == nil, "the running node has not read it yet")
        clock.advance(by: .seconds(60))
        // validate
        #expect(try await Self.eventually { try await running.vector()[Self.joiner] == 2 }, "pulled at the next interval")
        #expect(running.directory[Self.joiner]?.endpoint == PullFixture.endpoint(Self.joiner))
        #expect(await scheduler.pulling[Self.joiner] == PullFixture.endpoint(Self.joiner))
        task.cancel()
        _ = await task.result
    }
}
