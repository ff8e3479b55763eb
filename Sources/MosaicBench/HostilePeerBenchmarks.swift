import Foundation
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicStore
import MosaicSync

/// Issue 13's client-side figures: the peak resident memory of a node pulling once from each mode
/// of `bad_peer.py` (run with python3) beside its idle figure (target: idle + 2 × the answer cap),
/// and the bytes a node 5,000 commits behind receives from 4 peers at once (target: ≤ 1.2 × the
/// bytes of the commits it lacked).
enum HostilePeerBenchmarks {
    static let modes = ["endless", "gzipbomb", "huge", "trickle", "redirect", "html"]

    /// `mosaic-bench hostile [--bad-peer PATH] [--commits N]`.
    static func run(badPeer: String, commits: Int, into report: inout BenchmarkReport) async throws {
        try await catchUp(commits: commits, into: &report)
        guard FileManager.default.fileExists(atPath: badPeer) else {
            print("hostile: \(badPeer) not found; pass --bad-peer PATH to measure memory per mode")
            return
        }
        let cap = Double(AnswerCap.pullBytes(pageBytes: SyncSettings().pageBytes, pageSize: SyncSettings().pageSize)) / 1_048_576
        let idle = try measure(mode: "idle", url: "http://127.0.0.1:1/")
        for mode in modes {
            guard let port = LoopbackPorts.pick() else { throw BenchmarkFailure("no free loopback port") }
            let peer = Process()
            peer.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            peer.arguments = ["python3", badPeer, mode, "\(port)"]
            try peer.run()
            defer {
                // SIGKILL: the peer may be mid-write, and an inherited SIGTERM disposition may be "ignore".
                kill(peer.processIdentifier, SIGKILL)
                peer.waitUntilExit()
            }
            try waitForListener(port: port)
            let peak = try measure(mode: mode, url: "http://127.0.0.1:\(port)/")
            report.add(
                .init(
                    name: "pull from bad_peer.py \(mode): peak resident memory", figure: String(format: "%.1f MiB", peak.mib),
                    baseline: String(format: "idle node %.1f MiB; ", idle.mib) + peak.failure, ratio: peak.mib / max(idle.mib, 1),
                    target: String(format: "≤ idle + 2 × cap = %.1f MiB", idle.mib + 2 * cap)))
        }
    }

    /// The peak of a worker that pulls once from `url` (or only starts, for `idle`).
    static func measure(mode: String, url: String) throws -> (mib: Double, failure: String) {
        let worker = try Worker(["hostile-pull-worker", mode, url])
        let line = try worker.readLine()
        worker.stop()
        guard let object = (try? JSONParser.parse(Array(line.utf8)))?.objectValue, let text = object["peak_kib"]?.intValue else {
            throw BenchmarkFailure("the hostile pull worker printed \(line)")
        }
        return (Double(text) / 1024, object["failure"]?.stringValue ?? "no failure")
    }

    /// `mosaic-bench hostile-pull-worker MODE URL`: one pull round from URL (none for `idle`) with a
    /// live transport; prints its failure and the process's peak resident memory.
    static func pullWorker(mode: String, url: String) async throws {
        let member = CatalogueBenchmarks.reader
        let catalogue = NodeCatalogue(
            store: try CatalogueStore.inMemory(member: member), member: member, signingKey: DemoKeys.signingKey(for: member),
            directory: MemberDirectory([]))
        let failure = await LivePeerTransport.withTransport { transport -> String in
            guard mode != "idle", let endpoint = URL(string: url) else { return "idle" }
            let client = PeerClient(
                peer: CatalogueBenchmarks.author, endpoint: endpoint, member: member, key: DemoKeys.signingKey(for: member),
                transport: transport, timeout: .seconds(10), now: { catalogue.nowMillis })
            let outcome = await PullSession(catalogue: catalogue, client: client, pageSize: SyncSettings().pageSize).run()
            return outcome.failure.map { "\($0.kind)" } ?? "no failure"
        }
        let peak = Int(PeakMemory.mebibytes() * 1024)
        print(
            String(decoding: JSONValue.object(["failure": .string(failure), "peak_kib": .int(Int64(peak))]).canonicalBytes, as: UTF8.self))
    }

    /// A node `commits` behind pulls from 4 peers at once (in memory, each serving the same
    /// commits of 4 origins): bytes received against the bytes of the commits it lacked.
    static func catchUp(commits: Int, into report: inout BenchmarkReport) async throws {
        let origins = (1...4).map { MemberID("origin-\($0)")! }
        let peers = (1...4).map { MemberID("peer-\($0)")! }
        let puller = MemberID("puller")!
        let directory = MemberDirectory(
            (origins + peers + [puller]).map {
                Member(
                    id: $0, name: "Organisation \($0)", country: CountryCode("BE")!, languages: [],
                    endpoint: peers.contains($0) ? URL(string: "http://\($0.rawValue).test/") : nil,
                    publicKey: DemoKeys.signingKey(for: $0).publicKey, role: .member)
            })
        func catalogue(_ member: MemberID) throws -> NodeCatalogue {
            NodeCatalogue(
                store: try CatalogueStore.inMemory(member: member), member: member, signingKey: DemoKeys.signingKey(for: member),
                directory: directory)
        }
        let source = try catalogue(peers[0])
        for origin in origins {
            let author = try catalogue(origin)
            for index in 0..<(commits / origins.count) {
                _ = try await author.commit([
                    .create(
                        type: .practice, nonce: "catch-up-\(origin)-\(index)",
                        assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Practice \(index) of \(origin)")],
                        isPrivate: false)
                ])
            }
            _ = try await source.apply(try await author.commits(after: VersionVector(), limit: 10_000).commits, relay: nil)
        }
        let lacked = try await PullAnswer.page(from: source, for: PullRequest(vector: VersionVector(), limit: 10_000), maxPageBytes: .max)
        let transport = InMemoryPeerTransport(clock: .continuous, serve: InMemoryPeer.serving(source))
        let config = NodeConfig(
            member: puller, listen: ListenAddress(host: "127.0.0.1", port: 0), databasePath: ":memory:", keyFilePath: "unused",
            membersDirectory: "unused")
        let setup = NodeSetup(configFile: "bench", config: config, directory: directory, signingKey: DemoKeys.signingKey(for: puller))
        let node = try catalogue(puller)
        let start = Date()
        let results = await SyncRound.run(setup.peers, setup: setup, catalogue: node, transport: transport)
        let seconds = Date().timeIntervalSince(start)
        guard results.allSatisfy({ $0.1.failure == nil }), try await node.vector() == source.vector() else {
            throw BenchmarkFailure("catch-up did not converge: \(results.map { String(describing: $0.1.failure) })")
        }
        let received = transport.log.map(\.bytesRead).reduce(0, +)
        let duplicate = results.map(\.1.duplicateBytes).reduce(0, +)
        report.add(
            .init(
                name: "catch up \(lacked.commits.count) commits from 4 peers at once",
                figure: "\(received) bytes received (\(duplicate) duplicate)",
                baseline: String(format: "%d bytes of commits lacked; %.1f s", lacked.bytes.count, seconds),
                ratio: Double(received) / Double(lacked.bytes.count), target: "≤ 1.2×"))
    }

    static func waitForListener(port: Int) throws {
        for _ in 0..<200 {
            if !LoopbackPorts.isFree(port) { return }
            usleep(25_000)
        }
        throw BenchmarkFailure("bad_peer.py did not listen on \(port)")
    }
}
