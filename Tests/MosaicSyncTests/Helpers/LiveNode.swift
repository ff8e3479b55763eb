import Foundation
import Hummingbird
import Logging
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicStore
import MosaicSync
import ServiceLifecycle

/// A real node for tests: its HTTP server on 127.0.0.1 with an ephemeral port, its catalogue
/// on an in-memory database, its clock offset as the test wants.
final class LiveNode: Sendable {
    let member: MemberID
    let catalogue: NodeCatalogue
    let setup: NodeSetup
    let url: URL
    /// The counters its `/metrics` shows; pulls made with ``pull(from:)`` count there too.
    let metrics: NodeMetrics
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    /// The test network: each member's demo key; `coordinators` get the coordinator role.
    static func directory(_ members: [MemberID], coordinators: Set<MemberID>) -> MemberDirectory {
        MemberDirectory(
            members.map {
                Member(
                    id: $0, name: "Organisation \($0)", country: CountryCode("BE")!, languages: [], endpoint: nil,
                    publicKey: DemoKeys.signingKey(for: $0).publicKey, role: coordinators.contains($0) ? .coordinator : .member)
            })
    }

    /// Starts a node of `member`; `clockOffset` (milliseconds) shifts its clock from the real one.
    static func start(
        _ member: MemberID, directory: MemberDirectory, clockOffset: Int64 = 0, maxBodyBytes: Int = 1 << 20, port: Int = 0,
        catalogue existing: NodeCatalogue? = nil, tls: TLSSettings? = nil
    ) async throws -> LiveNode {
        var config = NodeConfig(
            member: member, listen: ListenAddress(host: "127.0.0.1", port: port), databasePath: ":memory:", keyFilePath: "unused",
            membersDirectory: "unused")
        config.sync.maxBodyBytes = maxBodyBytes
        config.sync.pageSize = 7
        config.tls = tls
        let setup = NodeSetup(configFile: "test", config: config, directory: directory, signingKey: DemoKeys.signingKey(for: member))
        let catalogue =
            try existing
            ?? NodeCatalogue(
                store: try CatalogueStore.inMemory(member: member), member: member, signingKey: setup.signingKey, directory: directory,
                now: { NodeCatalogue.systemMillis() + clockOffset })
        var logger = Logger(label: "test.\(member)")
        logger.logLevel = .error
        let (stream, continuation) = AsyncStream.makeStream(of: URL.self)
        let metrics = NodeMetrics()
        let app = try NodeServer.application(setup: setup, catalogue: catalogue, metrics: metrics, logger: logger) { url in
            continuation.yield(url)
        }
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var iterator = stream.makeAsyncIterator()
        guard let url = await iterator.next() else { throw CancellationError() }
        return LiveNode(member: member, catalogue: catalogue, setup: setup, url: url, metrics: metrics, group: group, task: task)
    }

    private init(
        member: MemberID, catalogue: NodeCatalogue, setup: NodeSetup, url: URL, metrics: NodeMetrics, group: ServiceGroup,
        task: Task<Void, any Error>
    ) {
        self.member = member
        self.metrics = metrics
        self.catalogue = catalogue
        self.setup = setup
        self.url = url
        self.group = group
        self.task = task
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    /// A client of `other` signing as this node, dated with this node's clock.
    func client(of other: LiveNode, tls: PeerTLSSettings? = nil) -> PeerClient {
        PeerClient(
            peer: other.member, endpoint: other.url, member: member, key: setup.signingKey, transport: TestTransport.live,
            timeout: .seconds(10), now: { self.catalogue.nowMillis }, tls: tls)
    }

    /// One pull round from `other`; `tls` as a `peer_tls:` entry would give it.
    @discardableResult
    func pull(from other: LiveNode, tls: PeerTLSSettings? = nil) async -> PullSession.Outcome {
        await PullSession(
            catalogue: catalogue, client: client(of: other, tls: tls), pageSize: setup.config.sync.pageSize, metrics: metrics
        ).run()
    }
}
