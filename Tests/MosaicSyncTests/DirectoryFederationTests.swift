import Foundation
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicStore
import MosaicSync
import Testing

/// The member directory travels over real pulls between 5 live nodes on loopback (issue 15 point 7):
/// a member joins while the others run and verifies a rotated member's older commits; a member moves
/// to a new port (its node really listens there) and the directory points the others at it; a member
/// rotates its key; one is revoked (its pulls get 401, its later commits are refused everywhere); a
/// directory change signed by a non-coordinator is refused; two coordinators publish at once. Every
/// pull goes to the endpoint the pulling node's own directory names, as its scheduler would; explicit
/// pull rounds, no sleeps. Only the moving node restarts (its own move).
@Suite struct DirectoryFederationTests {
    let coordA = MemberID("fed-coord-a")!, coordB = MemberID("fed-coord-b")!, mover = MemberID("fed-mover")!
    let rotor = MemberID("fed-rotor")!, joiner = MemberID("fed-joiner")!

    /// The test network's entries, each with the endpoint of its loopback port.
    func entries(_ ids: [MemberID], ports: [MemberID: Int]) -> MemberDirectory {
        MemberDirectory(
            LiveNode.directory(ids, coordinators: [coordA, coordB]).members.map { member in
                var member = member
                member.endpoint = ports[member.id].map { URL(string: "http://127.0.0.1:\($0)/")! }
                return member
            })
    }

    /// One pull round of `node` from `peer` at the endpoint `node`'s directory names, signed with
    /// `key` (default: the node's first key).
    func pull(_ node: LiveNode, from peer: MemberID, key: MemberSigningKey? = nil) async throws -> PullSession.Outcome {
        let endpoint = try #require(node.catalogue.directory[peer]?.endpoint, "\(node.member) knows no endpoint of \(peer)")
        let client = PeerClient(
            peer: peer, endpoint: endpoint, member: node.member, key: key ?? node.setup.signingKey, transport: TestTransport.live,
            timeout: .seconds(10), now: { node.catalogue.nowMillis })
        return await PullSession(catalogue: node.catalogue, client: client, pageSize: node.setup.config.sync.pageSize).run()
    }

    /// Every node pulls once from every other node its directory lists and does not revoke, signing
    /// with its key in `keys` (default: its first key); each failure is recorded.
    func meshRound(_ nodes: [LiveNode], keys: [MemberID: MemberSigningKey] = [:]) async throws {
        for node in nodes {
            for peer in nodes where peer.member != node.member && node.catalogue.directory[peer.member] != nil {
                guard !node.catalogue.directory.isRevoked(peer.member) else { continue }
                let outcome = try await pull(node, from: peer.member, key: keys[node.member])
                #expect(outcome.failure == nil, "\(node.member) ← \(peer.member): \(outcome.failure.map(\.description) ?? "")")
            }
        }
    }

    func practice(_ nonce: String, _ title: String) -> RecordChange {
        .create(
            type: .practice, nonce: "federation-\(nonce)",
            assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("fr")!), title)],
            isPrivate: false)
    }

    @Test func fiveNodesJoinMoveRotateRevokeAndConvergeOnOneDirectoryAndCatalogue() async throws {
        // setup: four running nodes seeded with the same Members/; the joiner's port is reserved.
        var ports: [MemberID: Int] = [:]
        for id in [coordA, coordB, mover, rotor, joiner] { ports[id] = try #require(LoopbackPorts.pick()) }
        let seed = entries([coordA, coordB, mover, rotor], ports: ports)
        var nodes: [MemberID: LiveNode] = [:]
        for id in [coordA, coordB, mover, rotor] { nodes[id] = try await LiveNode.start(id, directory: seed, port: ports[id]!) }
        var running: [LiveNode] { [coordA, coordB, mover, rotor, joiner].compactMap { nodes[$0] } }
        var stopped: [LiveNode] = []
        defer { Task { [running, stopped] in for node in running + stopped { await node.stop() } } }

        // The rotor writes with its first key, rotates, and writes with the next key (a catalogue of
        // its node's store holding that key, as after `keys rotate` and `key_file` pointed at it).
        let rotorNode = try #require(nodes[rotor])
        try await rotorNode.catalogue.commit([practice("rotor-1", "Avant la rotation")])
        let nextKey = MemberSigningKey()
        let rotation = try await rotorNode.catalogue.commitDirectory([.rotate(key: nextKey.publicKey)])
        let rotorWithNextKey = NodeCatalogue(
            store: rotorNode.catalogue.store, member: rotor, signingKey: nextKey, directory: seed)
        try await rotorWithNextKey.commit([practice("rotor-3", "Après la rotation")])
        try await nodes[mover]!.catalogue.commit([practice("mover-1", "Du membre qui déménage")])
        try await meshRound(running, keys: [rotor: nextKey])
        for node in running { #expect(try await node.catalogue.vector()[rotor] == rotation.seq + 1, "\(node.member)") }

        // 1. A member joins while the others run: its node trusts only the coordinator (its seed).
        let joinerEntry = entries([joiner], ports: ports).members[0]
        let request = try JoinRequest.decode(JoinRequest(signing: joinerEntry, with: DemoKeys.signingKey(for: joiner)).bytes)
        let coordNode = try #require(nodes[coordA])
        let firstPublish = DirectoryDiff.between(
            files: MemberDirectory(seed.members + [request.member]), effective: coordNode.catalogue.effectiveDirectory, taken: [joiner])
        #expect(firstPublish.newChanges == [.add(request.member)] && firstPublish.firstPublications.count == 4)
        try await coordNode.catalogue.commitDirectory(firstPublish.operations)
        let joinerNode = try await LiveNode.start(
            joiner, directory: MemberDirectory(entries([coordA], ports: ports).members + [joinerEntry]), port: ports[joiner]!)
        nodes[joiner] = joinerNode
        let fromCoordinator = try await pull(joinerNode, from: coordA)
        #expect(fromCoordinator.failure == nil, "\(fromCoordinator.failure.map(\.description) ?? "")")
        // It learnt every member from the directory commits, and verified the rotor's commits on both sides of the rotation.
        #expect(joinerNode.catalogue.directory.members.count == 5)
        #expect(try await joinerNode.catalogue.vector()[rotor] == rotation.seq + 1)
        #expect(joinerNode.catalogue.directory.key(of: rotor, seq: rotation.seq) == DemoKeys.signingKey(for: rotor).publicKey)
        #expect(joinerNode.catalogue.directory.key(of: rotor, seq: rotation.seq + 1) == nextKey.publicKey)
        try await meshRound(running, keys: [rotor: nextKey])

        // 2. A member moves: its node restarts on a new port, and the coordinator publishes the new endpoint.
        let oldMover = try #require(nodes[mover])
        await oldMover.stop()
        stopped.append(oldMover)
        let newPort = try #require(LoopbackPorts.pick())
        nodes[mover] = try await LiveNode.start(mover, directory: seed, port: newPort, catalogue: oldMover.catalogue)
        let unreachable = try await pull(nodes[coordB]!, from: mover)
        #expect(unreachable.failure != nil, "the old endpoint no longer answers")
        var moved = try #require(coordNode.catalogue.directory[mover])
        moved.endpoint = URL(string: "http://127.0.0.1:\(newPort)/")!
        try await coordNode.catalogue.commitDirectory([.member(moved)])
        // The moved node learns its new address from the coordinator (its requests name none), then accepts pulls signed for it.
        let learnt = try await pull(nodes[mover]!, from: coordA)
        #expect(learnt.failure == nil && nodes[mover]!.catalogue.directory[mover]?.endpoint == moved.endpoint)
        try await nodes[mover]!.catalogue.commit([practice("mover-2", "Depuis la nouvelle adresse")])
        try await meshRound(running, keys: [rotor: nextKey])
        for node in running {
            #expect(node.catalogue.directory[mover]?.endpoint == moved.endpoint, "\(node.member)")
            #expect(try await node.catalogue.vector()[mover] == 2, "\(node.member) pulled the mover at its new address")
        }

        // 3. A directory change signed by a non-coordinator is refused by every node, whoever relays it.
        let moverHeld = try await nodes[mover]!.catalogue.vector()[mover]
        var promoted = moved
        promoted.role = .coordinator
        let forged = try SignedCommit(
            checkedSigning: Commit(
                origin: mover, stream: .public, seq: moverHeld + 1,
                hlc: HybridTimestamp(wallMillis: NodeCatalogue.systemMillis(), counter: 0),
                operations: [], directory: [.member(promoted)]), with: DemoKeys.signingKey(for: mover))
        for node in running where node.member != mover {
            await #expect(throws: ApplyError.self, "\(node.member)") { _ = try await node.catalogue.apply([forged], relay: mover) }
            #expect(node.catalogue.directory[mover]?.role == .member)
        }

        // 4. Two coordinators publish at once, each before seeing the other's change.
        var fromA = try #require(coordNode.catalogue.directory[joiner]), fromB = fromA
        fromA.name = "Joiner, as coordinator A writes it"
        fromB.name = "Joiner, as coordinator B writes it"
        let changeA = DirectoryOperation.member(fromA), changeB = DirectoryOperation.member(fromB)
        let catalogueA = coordNode.catalogue, catalogueB = try #require(nodes[coordB]).catalogue
        async let publishA = catalogueA.commitDirectory([changeA])
        async let publishB = catalogueB.commitDirectory([changeB])
        _ = try await (publishA, publishB)

        // 5. The rotor is revoked after its commit #3; it then writes once more.
        let point = rotation.seq + 1
        try await coordNode.catalogue.commitDirectory([.revoke(member: rotor, after: point)])
        try await rotorWithNextKey.commit([practice("rotor-4", "Après la révocation")])
        try await meshRound(running.filter { $0.member != rotor })
        try await meshRound(running.filter { $0.member != rotor })
        let others = running.filter { $0.member != rotor }
        for node in others {
            // Its pulls get 401 (signed with its current key), its later commit is refused everywhere.
            let refused = try await pull(rotorNode, from: node.member, key: nextKey)
            #expect(refused.failure?.kind == "refused", "\(node.member): \(refused.failure.map(\.description) ?? "no failure")")
            _ = try await pull(node, from: rotor)
            #expect(try await node.catalogue.vector()[rotor] == point, "\(node.member) holds the rotor's commits up to its revocation")
        }

        // validate: the nodes still members agree on the directory and the catalogue.
        try await meshRound(others)
        let directoryDigest = coordNode.catalogue.directory.digest, digest = try await coordNode.catalogue.digest()
        for node in others {
            #expect(node.catalogue.directory.digest == directoryDigest, "\(node.member)")
            #expect(try await node.catalogue.digest() == digest, "\(node.member)")
        }
        let name = try #require(coordNode.catalogue.directory[joiner]?.name)
        #expect([fromA.name, fromB.name].contains(name))
        #expect(
            coordNode.catalogue.directory.isRevoked(rotor) && coordNode.catalogue.effectiveDirectory.revocation(of: rotor)?.by == coordA)
        let titles = try await joinerNode.catalogue.search("rotation")
        #expect(titles.count == 2, "the rotor's commits on both sides of its rotation stay")
    }
}
