import Foundation
import Hummingbird
import Logging
import MosaicCore
import MosaicStore
import MosaicSync
import ServiceLifecycle
import Testing

/// Misbehaving and absent peers: a relay that alters someone else's commit is refused whole and
/// reported; a peer that goes down is backed off and recovers when it returns.
@Suite struct HostilePeerTests {
    let honest = MemberID("honest")!, relay = MemberID("relay")!, puller = MemberID("puller")!

    @Test func aRelayThatAltersAByteIsRefusedAndReported() async throws {
        let directory = LiveNode.directory([honest, relay, puller], coordinators: [])
        let origin = try await LiveNode.start(honest, directory: directory)
        try await origin.catalogue.commit([
            .create(
                type: .practice, nonce: "relay-nonce-1",
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("fr")!), "Formation ReACT")], isPrivate: false)
        ])
        let commits = try await origin.catalogue.commits(after: VersionVector(), limit: 10).commits
        await origin.stop()
        // The relay serves the commit with one byte changed ("ReACT" -> "ReaCT").
        var bytes = commits[0].bytes
        bytes[bytes.firstIndex(of: UInt8(ascii: "A"))!] = UInt8(ascii: "a")
        let altered = PullResponse(
            commits: [SignedCommit(bytes: bytes, signature: commits[0].signature)], more: false, vector: VersionVector([honest: 1]))
        let router = Router()
        router.post("/sync/v1/pull") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: altered.bytes)))
        }
        let (urls, continuation) = AsyncStream.makeStream(of: URL.self)
        var logger = Logger(label: "relay")
        logger.logLevel = .error
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(URL(string: "http://127.0.0.1:\(channel.localAddress!.port!)/")!)
            }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = urls.makeAsyncIterator()
        let url = try #require(await iterator.next())

        let node = try await LiveNode.start(puller, directory: directory)
        let client = PeerClient(
            peer: relay, endpoint: url, member: puller, key: DemoKeys.signingKey(for: puller), transport: TestTransport.live,
            timeout: .seconds(5))
        let outcome = await PullSession(catalogue: node.catalogue, client: client, pageSize: 10).run()
        #expect(outcome.failure?.kind == "rejected")
        #expect(outcome.failure?.message.contains("does not verify with honest's public key") == true)
        #expect(outcome.failure?.message.contains("received from relay") == true)
        #expect(try await node.catalogue.vector() == VersionVector())
        #expect(try await node.catalogue.list().isEmpty)
        let state = try #require(try await node.catalogue.peerStates().first)
        #expect(state.peer == relay && state.lastErrorKind == "rejected" && state.commitsReceived == 0)
        await group.triggerGracefulShutdown()
        _ = await task.result
        await node.stop()
    }

    @Test func aPeerThatGoesDownIsBackedOffAndRecovers() async throws {
        let directory = LiveNode.directory([honest, puller], coordinators: [])
        let store = try CatalogueStore.inMemory(member: honest)
        let catalogue = NodeCatalogue(store: store, member: honest, signingKey: DemoKeys.signingKey(for: honest), directory: directory)
        var peer = try await LiveNode.start(honest, directory: directory, catalogue: catalogue)
        let port = peer.url.port!
        let node = try await LiveNode.start(puller, directory: directory)
        let scheduler = PullScheduler(
            catalogue: node.catalogue, clients: [node.client(of: peer)], schedule: PullSchedule(interval: 0.2, jitter: 0, backoffCap: 1.6),
            pageSize: 10, logger: Logger(label: "test"), seed: 1)
        let running = Task { try await scheduler.run() }
        // Waits for the rounds themselves, not a fixed time: under load a round can take longer.
        #expect(try await eventually { await scheduler.nextDelay[honest] != nil })
        #expect(await scheduler.nextDelay[honest] == 0.2)

        await peer.stop()
        #expect(try await eventually { try await node.catalogue.peerStates().first.map { $0.consecutiveFailures >= 2 } ?? false })
        let delay = await scheduler.nextDelay[honest] ?? 0
        #expect(delay > 0.2 && delay <= 1.6, "backed off to \(delay) s")
        let failing = try #require(try await node.catalogue.peerStates().first)
        #expect(failing.consecutiveFailures >= 2 && failing.lastErrorKind == "unreachable")

        try await catalogue.commit([
            .create(
                type: .practice, nonce: "back-nonce-1",
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Back")], isPrivate: false)
        ])
        peer = try await LiveNode.start(honest, directory: directory, port: port, catalogue: catalogue)
        #expect(try await eventually { try await node.catalogue.peerStates().first?.isHealthy ?? false })
        let recovered = try #require(try await node.catalogue.peerStates().first)
        #expect(recovered.isHealthy && recovered.commitsReceived == 1)
        #expect(try await node.catalogue.list().count == 1)
        #expect(await scheduler.nextDelay[honest] == 0.2)
        running.cancel()
        _ = await running.result
        await peer.stop()
        await node.stop()
    }

    /// Whether `condition` holds within `seconds`, checked every 50 ms.
    func eventually(within seconds: Double = 30, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}
