import Foundation
import MosaicCore
import MosaicStore
import MosaicSync
import Synchronization
import Testing

/// Nodes of different versions in one network (issue 16 point 3): a node of protocol 1.1 that knows
/// a `tag` operation and nodes of this build (1.0) sync both ways over the in-memory transport. The
/// older node stores and relays the new operation byte for byte, marks its record, and converges once
/// upgraded; only another major version is refused, naming both versions.
@Suite struct VersionSkewSyncTests {
    static let newer = MemberID("newer")!, older = MemberID("older")!, behind = MemberID("behind")!
    static let directory = LiveNode.directory([newer, older, behind], coordinators: [])

    /// The test-only switch: a build of protocol 1.1 whose `tag` operation adds a theme.
    static let tagging = KnownOperations(
        version: ProtocolVersion(major: 1, minor: 1),
        interpretations: [
            "tag": { operation in operation.object["theme"]?.stringValue.map { .add(record: operation.record, field: "themes", value: $0) }
            }
        ])

    /// One clock for the three nodes, moving 1 s at every reading, so every commit is later than the last.
    final class StepClock: Sendable {
        private let millis = Mutex<Int64>(1_764_000_000_000)
        func now() -> Int64 {
            millis.withLock {
                $0 += 1000; return $0
            }
        }
    }

    let clock = StepClock()
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("version-skew-\(UUID().uuidString)").path

    func node(_ member: MemberID, known: KnownOperations = .current) throws -> NodeCatalogue {
        let clock = self.clock
        return NodeCatalogue(
            store: try CatalogueStore(path: "\(folder)/\(member.rawValue).sqlite", member: member), member: member,
            signingKey: DemoKeys.signingKey(for: member), directory: Self.directory, knownOperations: known, now: { clock.now() })
    }

    /// One pull round of `puller` from `source`, announcing `announced`.
    func pull(_ puller: NodeCatalogue, from source: NodeCatalogue, announcing announced: KnownOperations = .current) async
        -> PullSession.Outcome
    {
        let transport = InMemoryPeerTransport(clock: .continuous, serve: InMemoryPeer.serving(source))
        let client = PeerClient(
            peer: source.member, endpoint: PullFixture.endpoint(source.member), member: puller.member,
            key: DemoKeys.signingKey(for: puller.member), transport: transport, timeout: .seconds(30), now: { puller.nowMillis },
            announced: .this(announced))
        return await PullSession(catalogue: puller, client: client, pageSize: 50).run()
    }

    /// A commit of protocol 1.1 by `node` (which must be `newer`) holding one `tag` operation.
    func tag(_ record: RecordID, _ theme: String, on node: NodeCatalogue) async throws -> SignedCommit {
        let operation = try UnknownOperation(
            json: .object(["op": .string("tag"), "record": .string(record.rawValue), "theme": .string(theme)]))
        let commit = Commit(
            origin: node.member, stream: .public, seq: try await node.vector()[node.member] + 1,
            hlc: HybridTimestamp(wallMillis: node.nowMillis, counter: 0), operations: [.unknown(operation)], minor: 1)
        let signed = SignedCommit(signing: commit, with: DemoKeys.signingKey(for: node.member))
        try await node.apply([signed], relay: nil)
        return signed
    }

    /// The commits of `origin` a node holds, as stored (bytes and signature).
    func held(_ origin: MemberID, on node: NodeCatalogue) async throws -> [SignedCommit] {
        try await node.commits(after: VersionVector(), limit: 1000).commits.filter {
            (try? CommitDecoder.decode($0.bytes, knowing: Self.tagging))?.origin == origin
        }
    }

    @Test func anOlderNodeRelaysAnUnknownOperationByteForByteAndConvergesOnceUpgraded() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // setup: the newer node writes a record, then tags it with the new operation.
        let newNode = try node(Self.newer, known: Self.tagging)
        let oldNode = try node(Self.older)
        let behindNode = try node(Self.behind)
        let created = try await newNode.commit([
            .create(
                type: .practice, nonce: "version-skew-0001",
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Youth work")], isPrivate: false)
        ])
        let record = created.created[0]
        let tagged = try await tag(record, "youth", on: newNode)
        #expect(try await newNode.record(record)?.values("themes") == ["youth"])

        // MUT: the older node pulls from the newer one, writes a record of its own, and each pulls the other.
        let first = await pull(oldNode, from: newNode, announcing: .current)
        #expect(first.failure == nil, "\(first.failure.map(\.description) ?? "")")
        #expect(first.commits == 2)
        let own = try await oldNode.commit([
            .create(
                type: .project, nonce: "version-skew-0002",
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Old node's project")], isPrivate: false)
        ])
        let back = await pull(newNode, from: oldNode, announcing: Self.tagging)
        #expect(back.failure == nil, "\(back.failure.map(\.description) ?? "")")
        #expect(try await newNode.record(own.created[0]) != nil)

        // validate: the older node shows the record without the tag and says it needs a newer Mosaic.
        #expect(try await oldNode.record(record)?.values("themes") == [])
        let marker = try #require(try await oldNode.newerVersionNeeded(record))
        #expect(marker.kinds == ["tag"] && marker.version == ProtocolVersion(major: 1, minor: 1) && marker.operations == 1)
        #expect(marker.message.contains("needs a newer Mosaic"))
        #expect(try await newNode.newerVersionNeeded(record) == nil)
        #expect(try await oldNode.digest() != newNode.digest())
        // Each node saw the other's versions.
        let oldSees = try #require(try await oldNode.peerStates().first { $0.peer == Self.newer })
        #expect(oldSees.protocolVersion == "1.1" && oldSees.softwareVersion == MosaicVersion.current)
        let newSees = try #require(try await newNode.peerStates().first { $0.peer == Self.older })
        #expect(newSees.protocolVersion == "1.0")

        // A third node behind the older one receives the newer node's commits unchanged and verifies them.
        let relayed = await pull(behindNode, from: oldNode)
        #expect(relayed.failure == nil, "\(relayed.failure.map(\.description) ?? "")")
        let original = try await held(Self.newer, on: newNode)
        #expect(original.count == 2 && original.last == tagged)
        #expect(try await held(Self.newer, on: oldNode) == original)
        #expect(try await held(Self.newer, on: behindNode) == original)
        for signed in try await held(Self.newer, on: behindNode) {
            #expect(throws: Never.self) { try signed.verified(by: Self.directory) }
        }
        #expect(try await behindNode.newerVersionNeeded(record) != nil)
        #expect(try await behindNode.digest() == oldNode.digest())

        // The older node is upgraded: reopened with the switch on, it folds the waiting operation in.
        let upgraded = try node(Self.older, known: Self.tagging)
        #expect(try upgraded.applyUnderstoodOperations() == 1)
        #expect(try upgraded.applyUnderstoodOperations() == 0)
        #expect(try await upgraded.newerVersionNeeded(record) == nil)
        #expect(try await upgraded.record(record)?.values("themes") == ["youth"])
        #expect(try await upgraded.digest() == newNode.digest())
        #expect(try await upgraded.store.integrityCheck())
        // What it serves is still the newer node's bytes.
        #expect(try await held(Self.newer, on: upgraded) == original)
    }

    @Test func anotherMajorVersionIsRefusedNamingBothVersions() async throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // setup: a peer of protocol 2.0.
        let major2 = KnownOperations(version: ProtocolVersion(major: 2, minor: 0), interpretations: [:])
        let futureNode = try node(Self.newer, known: major2)
        let oldNode = try node(Self.older)

        // MUT
        let outcome = await pull(oldNode, from: futureNode)

        // validate: a named failure kind, both versions in the message, and in peer health.
        let failure = try #require(outcome.failure)
        #expect(failure.kind == "incompatible-version")
        #expect(failure.message.contains("peer 'newer' speaks Mosaic protocol 2.x; this node speaks 1.x: upgrade"))
        let state = try #require(try await oldNode.peerStates().first { $0.peer == Self.newer })
        #expect(state.lastErrorKind == "incompatible-version" && state.protocolVersion == "2.0")
        #expect(try await oldNode.vector() == VersionVector())

        // The other way round: the 2.0 node refuses this node's 1.0 request, and says which upgrades.
        let reverse = await pull(futureNode, from: oldNode, announcing: major2)
        #expect(reverse.failure?.kind == "incompatible-version")
        #expect(reverse.failure?.message.contains("speaks Mosaic protocol 1.x; this node speaks 2.x: that node must upgrade") == true)
    }

    @Test func overHTTPANodeAnnouncesItsVersionsAndRefusesAnotherMajor() async throws {
        // setup: two real nodes of this build on loopback.
        let a = MemberID("live-a")!, b = MemberID("live-b")!
        let directory = LiveNode.directory([a, b], coordinators: [])
        let nodeA = try await LiveNode.start(a, directory: directory)
        let nodeB = try await LiveNode.start(b, directory: directory)
        defer { Task { for node in [nodeA, nodeB] { await node.stop() } } }

        // MUT: B pulls from A as this build; then a caller announcing protocol 2.0 asks A.
        let outcome = await nodeB.pull(from: nodeA)
        let future = PeerClient(
            peer: a, endpoint: nodeA.url, member: b, key: DemoKeys.signingKey(for: b), transport: TestTransport.live, timeout: .seconds(10),
            now: { nodeB.catalogue.nowMillis },
            announced: PeerVersion(protocolVersion: ProtocolVersion(major: 2, minor: 0), software: "9.0.0"))

        // validate: A's versions reach B's peer health; A refuses the 2.0 caller, and the caller says why.
        #expect(outcome.failure == nil, "\(outcome.failure.map(\.description) ?? "")")
        let state = try #require(try await nodeB.catalogue.peerStates().first { $0.peer == a })
        #expect(state.protocolVersion == ProtocolVersion.current.description && state.softwareVersion == MosaicVersion.current)
        await #expect {
            _ = try await future.vector()
        } throws: { error in
            guard let failure = error as? PeerClient.Failure else { return false }
            return failure.kind == "incompatible-version"
                && failure.message.contains("peer 'live-a' speaks Mosaic protocol 1.x; this node speaks 2.x: that node must upgrade")
                && failure.peerVersion?.software == MosaicVersion.current
        }
    }
}
