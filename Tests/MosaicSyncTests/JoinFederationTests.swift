import Foundation
import Logging
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicStore
import MosaicSync
import Testing

/// A member joins a running federation of real nodes on loopback (issue 15): its join request is
/// checked as `mosaic members add` checks it, the coordinator publishes the entry, and every node's
/// scheduler (following its directory) accepts the newcomer's pulls and pulls from it within one
/// sync interval, with no restart; the nodes then agree on the directory and the catalogue.
@Suite struct JoinFederationTests {
    let coordinator = MemberID("join-coord")!, b = MemberID("join-b")!, c = MemberID("join-c")!, newcomer = MemberID("join-new")!

    /// Yields until `condition` holds; `false` when it did not within the attempts (no sleep).
    func eventually(_ condition: () async throws -> Bool) async rethrows -> Bool {
        for _ in 0..<3_000_000 {
            if try await condition() { return true }
            await Task.yield()
        }
        return false
    }

    @Test func aMemberJoinsWhileEveryNodeRunsAndIsPulledWithinOneInterval() async throws {
        // setup: four loopback ports; the running nodes' seed names three of them.
        let ids = [coordinator, b, c, newcomer]
        var ports: [MemberID: Int] = [:]
        for id in ids { ports[id] = try #require(LoopbackPorts.pick()) }
        let endpoints = ports.mapValues { URL(string: "http://127.0.0.1:\($0)/")! }
        func withEndpoints(_ directory: MemberDirectory) -> MemberDirectory {
            MemberDirectory(
                directory.members.map { member in
                    var member = member
                    member.endpoint = endpoints[member.id]
                    return member
                })
        }
        let seed = withEndpoints(LiveNode.directory([coordinator, b, c], coordinators: [coordinator]))
        var nodes: [LiveNode] = []
        for id in [coordinator, b, c] { nodes.append(try await LiveNode.start(id, directory: seed, port: ports[id]!)) }
        // The newcomer's `mosaic init`: its entry, signed by its key, read back as `members add` reads it.
        let entry = withEndpoints(LiveNode.directory([newcomer], coordinators: [])).members[0]
        let request = try JoinRequest.decode(JoinRequest(signing: entry, with: DemoKeys.signingKey(for: newcomer)).bytes)
        #expect(request.member == entry)
        let newNode = try await LiveNode.start(
            newcomer, directory: MemberDirectory(seed.members + [entry]), port: ports[newcomer]!)
        let all = nodes + [newNode]
        defer { Task { for node in all { await node.stop() } } }
        let clock = ManualClock()
        var logger = Logger(label: "test.join")
        logger.logLevel = .critical
        let schedulers = all.enumerated().map { index, node in
            PullScheduler(
                catalogue: node.catalogue, peers: .directory(of: node.catalogue, setup: node.setup, transport: TestTransport.live),
                schedule: PullSchedule(interval: 60, jitter: 0, backoffCap: 600), pageSize: 7, logger: logger, clock: SyncClock(clock),
                seed: UInt64(index + 1))
        }
        try await newNode.catalogue.commit([
            .create(
                type: .practice, nonce: "join-nonce-1",
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("de")!), "Neu")], isPrivate: false)
        ])
        let running = schedulers.map { scheduler in Task { try await scheduler.run() } }

        // At 0 s every node runs; the newcomer is unknown, so its pulls are refused and nobody pulls it.
        #expect(await eventually { await schedulers[3].rounds.count == 3 })
        for scheduler in schedulers.prefix(3) { #expect(await eventually { await scheduler.rounds.count == 2 }) }
        #expect(await schedulers[3].rounds.keys.sorted() == [b, coordinator, c].sorted())
        for (index, node) in nodes.enumerated() {
            #expect(await schedulers[index].pulling[newcomer] == nil, "\(node.member)")
            #expect(try await node.catalogue.vector()[newcomer] == 0)
        }
        // MUT: the coordinator adds the entry (`members add` + `publish`), then one interval passes.
        try await nodes[0].catalogue.commitDirectory([.member(request.member)])
        #expect(await clock.waitForSleepers(13), "3 running nodes × (2 peers + tick) + the newcomer's 3 peers and tick")
        clock.advance(by: .seconds(60))

        // validate: within that interval every node pulls the newcomer's commit, and accepts its pulls.
        for (index, node) in nodes.enumerated() {
            #expect(try await eventually { try await node.catalogue.vector()[newcomer] == 1 }, "\(node.member) pulled the newcomer")
            #expect(await schedulers[index].pulling[newcomer] == endpoints[newcomer])
        }
        #expect(clock.now.offset == .seconds(60), "no more than one interval")
        for node in nodes {
            let outcome = await newNode.pull(from: node)
            #expect(outcome.failure == nil, "\(node.member): \(outcome.failure.map(\.description) ?? "")")
        }
        // Then the nodes agree, directory and catalogue, with no restart.
        var converged = false
        for _ in 0..<4 where !converged {
            let digests = try await all.asyncMap { try await $0.catalogue.digest() }
            converged = Set(digests).count == 1 && Set(all.map(\.catalogue.directory.digest)).count == 1
            if !converged {
                _ = await clock.waitForSleepers(16)
                clock.advance(by: .seconds(60))
                for _ in 0..<100_000 { await Task.yield() }
            }
        }
        for task in running { task.cancel() }
        for task in running { _ = await task.result }
        #expect(converged, "every node has the same directory and catalogue digests")
        #expect(all.allSatisfy { $0.catalogue.directory[newcomer] != nil })
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
