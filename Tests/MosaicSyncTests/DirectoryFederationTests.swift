import Foundation
import MosaicCore
import MosaicStore
import Testing

/// The directory travels over real pulls on loopback, with every node running throughout: a
/// member added by the coordinator pulls from every node (also from one that learnt of it through
/// a relay), its commits are accepted everywhere, and once revoked its pulls are refused.
@Suite struct DirectoryFederationTests {
    let coordinator = MemberID("node-coord")!, b = MemberID("node-b")!, c = MemberID("node-c")!, newcomer = MemberID("node-new")!

    @Test func aMemberJoinsAndIsRevokedWhileEveryNodeRuns() async throws {
        let seed = LiveNode.directory([coordinator, b, c], coordinators: [coordinator])
        let coordNode = try await LiveNode.start(coordinator, directory: seed)
        let nodeB = try await LiveNode.start(b, directory: seed)
        let nodeC = try await LiveNode.start(c, directory: seed)
        let newNode = try await LiveNode.start(
            newcomer, directory: LiveNode.directory([coordinator, b, c, newcomer], coordinators: [coordinator]))
        defer { Task { for node in [coordNode, nodeB, nodeC, newNode] { await node.stop() } } }

        #expect(await newNode.pull(from: coordNode).failure?.kind == "refused")
        let entry = try #require(newNode.catalogue.directory[newcomer])
        try await coordNode.catalogue.commitDirectory([.member(entry)])
        // B hears from the coordinator, C only from B (a relay).
        #expect(await nodeB.pull(from: coordNode).failure == nil)
        #expect(await nodeC.pull(from: nodeB).failure == nil)
        for node in [coordNode, nodeB, nodeC] {
            let outcome = await newNode.pull(from: node)
            #expect(outcome.failure == nil, "\(node.member): \(outcome.failure.map(\.description) ?? "")")
        }
        try await newNode.catalogue.commit([
            .create(
                type: .practice, nonce: "joined-nonce-1",
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("fr")!), "Nouveau")], isPrivate: false)
        ])
        for node in [coordNode, nodeB, nodeC] {
            let outcome = await node.pull(from: newNode)
            #expect(outcome.failure == nil && outcome.commits >= 1, "\(node.member): \(outcome.failure.map(\.description) ?? "")")
        }

        try await coordNode.catalogue.commitDirectory([.revoke(member: newcomer, after: 1)])
        #expect(await nodeB.pull(from: coordNode).failure == nil)
        #expect(await nodeC.pull(from: nodeB).failure == nil)
        for node in [coordNode, nodeB, nodeC] {
            #expect(await newNode.pull(from: node).failure?.kind == "refused", "\(node.member)")
        }
        let digest = try await coordNode.catalogue.digest()
        for node in [nodeB, nodeC] {
            #expect(node.catalogue.directory.digest == coordNode.catalogue.directory.digest)
            #expect(try await node.catalogue.digest() == digest)
        }
    }
}
