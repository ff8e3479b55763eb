import Foundation
import MosaicCore
import MosaicStore
import MosaicSync

/// `mosaic-bench load [--records N] [--seconds S]`: one node serving N records while its member
/// edits one record a second, 50 peers keep in sync with it (each a signed pull about every
/// second from where it left off: mostly no-op rounds, and each edit once) and 200 requests/s
/// browse, search and view the dashboard; prints latency percentiles, errors and the node's memory over time.
enum LoadTest {
    static func run(records count: Int, seconds: Int) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csvPath = folder.appendingPathComponent("records.csv").path
        try SyntheticCatalogue.csv(count: count).write(toFile: csvPath, atomically: false, encoding: .utf8)
        let database = folder.appendingPathComponent("node.sqlite").path
        print("load: importing \(count) records…")
        try await CatalogueBenchmarks.node(CatalogueBenchmarks.author, path: database).importRecords(
            from: try ImportFile(path: csvPath), skipInvalid: false)
        let server = try Worker(["serve-worker", database])
        defer { server.stop() }
        let (node, _) = try server.readURLs()
        let base = node.hasSuffix("/") ? String(node.dropLast()) : node
        let held = try await CatalogueBenchmarks.node(CatalogueBenchmarks.author, path: database).vector()[CatalogueBenchmarks.author]

        // The member edits a record a second, in this process (WAL: the node keeps reading).
        let deadline = Date().addingTimeInterval(Double(seconds))
        let editor = try CatalogueBenchmarks.node(CatalogueBenchmarks.author, path: database)
        let ids = try await editor.list(limit: 1000).map(\.id)
        let edits = Task {
            var count = 0
            while Date() < deadline {
                let id = ids[count % ids.count]
                _ = try? await editor.commit([
                    .edit(id, [.register(RegisterKey(field: "title", lang: LanguageTag("fr")!), "Titre révisé \(count)")])
                ])
                count += 1
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
            return count
        }
        // 50 peers, each pulling about once a second from where it left off.
        @Sendable func pullLoad(_ transport: LivePeerTransport) async -> (ok: Int, failed: Int, latencies: [Double]) {
            await withTaskGroup(of: (ok: Int, failed: Int, latencies: [Double]).self) { group in
                for (index, peer) in CatalogueBenchmarks.loadPeers.enumerated() {
                    group.addTask {
                        let client = PeerClient(
                            peer: CatalogueBenchmarks.author, endpoint: URL(string: node)!, member: peer,
                            key: DemoKeys.signingKey(for: peer),
                            transport: transport, timeout: .seconds(30))
                        var random = SplitMix64(seed: UInt64(index + 1))
                        var result = (ok: 0, failed: 0, latencies: [Double]())
                        var vector = VersionVector()
                        vector[CatalogueBenchmarks.author] = held
                        while Date() < deadline {
                            let start = DispatchTime.now().uptimeNanoseconds
                            do {
                                let (page, _) = try await client.pull(after: vector, limit: 100)
                                if !page.more { vector = page.vector }
                                result.ok += 1
                                result.latencies.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                            } catch {
                                result.failed += 1
                            }
                            try? await Task.sleep(nanoseconds: 500_000_000 + random.next() % 1_000_000_000)
                        }
                        return result
                    }
                }
                var total = (ok: 0, failed: 0, latencies: [Double]())
                for await result in group {
                    total.ok += result.ok
                    total.failed += result.failed
                    total.latencies += result.latencies
                }
                return total
            }
        }
        let pulls = Task {
            await LivePeerTransport.withTransport { transport in await pullLoad(transport) }
        }
        // Memory over time.
        let pid = server.process.processIdentifier
        let memory = Task {
            var samples: [(Int, Double, Double)] = []
            let start = Date()
            while Date() < deadline {
                samples.append((Int(Date().timeIntervalSince(start)), Worker.memory(of: pid, "VmRSS:"), Worker.memory(of: pid, "RssAnon:")))
                try? await Task.sleep(nanoseconds: 10_000_000_000)
            }
            return samples
        }
        var random = SplitMix64(seed: 3)
        // One request in nine is the dashboard (every other one filtered), as in the web benchmarks' paced mix.
        let paths = SyntheticCatalogue.queries(200).enumerated().flatMap { index, query in
            [
                "/api/v1/search?q=\(WebBenchmarks.escape(query))",
                "/?country=\(random.pick(SyntheticCatalogue.countries))&page=\(1 + random.next() % 20)",
            ]
                + (index % 4 == 0
                    ? [index % 8 == 0 ? "/dashboard" : "/dashboard?country=\(random.pick(SyntheticCatalogue.countries))"] : [])
        }
        guard let wrk = WebBenchmarks.which("wrk") else {
            throw BenchmarkFailure("the load test needs wrk (run `bash scripts/setup-test.sh`)")
        }
        print("load: \(seconds) s of about 200 requests/s browsing, searching and viewing the dashboard (wrk, paced) while 50 peers pull…")
        let browse = try WebBenchmarks.wrkRun(wrk, base: base, paths: paths, folder: folder, seconds: seconds, pause: WebBenchmarks.pause)
        let pulled = await pulls.value
        let rss = await memory.value
        let edited = await edits.value
        print(
            """
            | load (\(count) records, \(seconds) s, 2 cores) | figure |
            | --- | --- |
            | browse + search + dashboard, about 200 req/s (wrk, 50 connections pausing \(WebBenchmarks.pause) ms) | \(f(browse.rate)) req/s; client p50 \(f(browse.p50)) ms, p95 \(f(browse.p95)) ms, p99 \(f(browse.p99)) ms; server p50 \(f(browse.serverP50)) ms, p95 \(f(browse.serverP95)) ms, p99 \(f(browse.serverP99)) ms; \(browse.errors) errors of \(browse.requests) |
            | 50 peers keeping in sync (\(edited) edits made meanwhile) | \(pulled.ok) pulls, p50 \(f(CatalogueBenchmarks.percentile(pulled.latencies, 0.5))) ms, p95 \(f(CatalogueBenchmarks.percentile(pulled.latencies, 0.95))) ms, p99 \(f(CatalogueBenchmarks.percentile(pulled.latencies, 0.99))) ms; \(pulled.failed) errors |
            | node memory over time (s: RSS / anonymous MiB) | \(rss.map { "\($0.0): \(Int($0.1)) / \(Int($0.2))" }.joined(separator: ", ")); peak RSS \(Int(server.peakMiB())) MiB |
            """)
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
