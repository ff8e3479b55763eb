import Foundation
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// Real nodes over loopback HTTP: edits travel a chain, conflicts look the same everywhere,
/// a resolution reaches everyone, nothing echoes back.
@Suite struct ChainSyncTests {
    let a = MemberID("node-a")!, b = MemberID("node-b")!, c = MemberID("node-c")!

    @Test func editsConflictsAndResolutionsTravelAChain() async throws {
        let directory = LiveNode.directory([a, b, c], coordinators: [b, c])
        let nodeA = try await LiveNode.start(a, directory: directory)
        let nodeB = try await LiveNode.start(b, directory: directory)
        let nodeC = try await LiveNode.start(c, directory: directory)
        defer { Task { for node in [nodeA, nodeB, nodeC] { await node.stop() } } }
        func round() async throws {
            // A ↔ B ↔ C: neighbours pull from each other only.
            for (target, source) in [(nodeB, nodeA), (nodeC, nodeB), (nodeB, nodeC), (nodeA, nodeB)] {
                let outcome = await target.pull(from: source)
                #expect(outcome.failure == nil, "\(target.member) from \(source.member): \(outcome.failure.map(\.description) ?? "")")
            }
        }

        // An edit on A reaches C.
        let created = try await nodeA.catalogue.commit([
            .create(
                type: .practice, nonce: "chain-nonce-1",
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("fr")!), "Formation")], isPrivate: false)
        ])
        let id = created.created[0]
        for _ in 0..<10 {  // several pages of 7 commits
            try await nodeA.catalogue.commit([.edit(id, [.add(field: "themes", value: "t\(Int.random(in: 0...1_000_000))")])])
        }
        try await round()
        #expect(try await nodeC.catalogue.record(id)?.values("themes").count == 10)

        // Concurrent edits of one field on A and C: the same conflict on all three.
        try await nodeA.catalogue.commit([.edit(id, [.register(RegisterKey(field: "status"), "archived")])])
        try await nodeC.catalogue.commit([.edit(id, [.register(RegisterKey(field: "status"), "draft")])])
        try await round()
        try await round()
        for node in [nodeA, nodeB, nodeC] {
            let conflicts = try await node.catalogue.conflicts()
            #expect(conflicts.map(\.0.id) == ["\(id)/status"], "\(node.member)")
        }

        // A resolution on B reaches everyone.
        try await nodeB.catalogue.commit([
            .resolve(Conflict(record: id, kind: .register(RegisterKey(field: "status"))), .value("published"))
        ])
        try await round()
        let digest = try await nodeA.catalogue.digest()
        for node in [nodeA, nodeB, nodeC] {
            #expect(try await node.catalogue.conflicts().isEmpty)
            #expect(try await node.catalogue.record(id)?.value(RegisterKey(field: "status")) == "published")
            #expect(try await node.catalogue.digest() == digest)
        }

        // Nothing echoes back: once converged, a round moves no commit, and costs one small request each.
        for (target, source) in [(nodeB, nodeA), (nodeC, nodeB), (nodeB, nodeC), (nodeA, nodeB)] {
            let outcome = await target.pull(from: source)
            #expect(outcome.commits == 0 && outcome.pages == 1)
            #expect(outcome.bytes < 2048)
        }
        let states = try await nodeB.catalogue.peerStates()
        #expect(Set(states.map(\.peer)) == [a, c])
        #expect(states.allSatisfy { $0.isHealthy && $0.lag == 0 })
    }

    @Test func ringAndStarOfFiveConverge() async throws {
        let members = (1...5).map { MemberID("ring-\($0)")! }
        let directory = LiveNode.directory(members, coordinators: [members[0]])
        var nodes: [LiveNode] = []
        for member in members { nodes.append(try await LiveNode.start(member, directory: directory)) }
        defer { let all = nodes; Task { for node in all { await node.stop() } } }
        for (index, node) in nodes.enumerated() {
            for step in 0..<3 {
                try await node.catalogue.commit([
                    .create(
                        type: .practice, nonce: "ring-\(index)-\(step)-nonce",
                        assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Record \(index).\(step)")],
                        isPrivate: false)
                ])
            }
        }
        // Ring: each pulls from the next, a few rounds.
        for _ in 0..<5 { for (index, node) in nodes.enumerated() { await node.pull(from: nodes[(index + 1) % nodes.count]) } }
        var digests = Set<String>()
        for node in nodes { digests.insert(try await node.catalogue.digest()) }
        #expect(digests.count == 1)
        #expect(try await nodes[0].catalogue.list(limit: 100).count == 15)

        // Star through the coordinator: more edits everywhere, then leaves ↔ hub.
        for (index, node) in nodes.enumerated() {
            let records = try await node.catalogue.list(limit: 100)
            try await node.catalogue.commit([.edit(records[index].id, [.add(field: "themes", value: "star-\(index)")])])
        }
        for _ in 0..<2 {
            for leaf in nodes.dropFirst() { await nodes[0].pull(from: leaf) }
            for leaf in nodes.dropFirst() { await leaf.pull(from: nodes[0]) }
        }
        digests = []
        for node in nodes { digests.insert(try await node.catalogue.digest()) }
        #expect(digests.count == 1)
    }

    @Test func aNodeTwoMinutesAheadConvergesOneTenMinutesAheadIsRefused() async throws {
        let directory = LiveNode.directory([a, b, c], coordinators: [])
        let normal = try await LiveNode.start(a, directory: directory)
        let slightlyAhead = try await LiveNode.start(b, directory: directory, clockOffset: 2 * 60_000)
        let farAhead = try await LiveNode.start(c, directory: directory, clockOffset: 10 * 60_000)
        defer { Task { for node in [normal, slightlyAhead, farAhead] { await node.stop() } } }
        for (index, node) in [slightlyAhead, farAhead].enumerated() {
            try await node.catalogue.commit([
                .create(
                    type: .practice, nonce: "skew-nonce-\(index)",
                    assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Skewed \(index)")], isPrivate: false)
            ])
        }
        let fine = await normal.pull(from: slightlyAhead)
        #expect(fine.failure == nil && fine.commits == 1)
        let refused = await normal.pull(from: farAhead)
        #expect(refused.failure?.kind == "refused")  // its requests are dated 10 minutes ahead: outside the window
        #expect(refused.failure?.message.contains("outside the 300 s window") == true)
        #expect(try await normal.catalogue.list().count == 1)
        let state = try #require(try await normal.catalogue.peerStates().first { $0.peer == c })
        #expect(state.consecutiveFailures == 1 && state.lastErrorKind == "refused")
    }
}
