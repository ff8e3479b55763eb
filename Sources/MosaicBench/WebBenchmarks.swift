import Foundation
import MosaicCore
import MosaicStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The web interface and the API under load, served from the benchmark's catalogue by a
/// serve worker: `wrk` with 50 connections (throughput and latency at saturation), then a
/// paced 200 requests/s mix whose server time is read from each answer's `Server-Timing`.
/// The baseline is the same worker's plain route answering a page-sized body.
enum WebBenchmarks {
    static let connections = 50

    /// Imports `count` generated records into a fresh node, then runs the web figures on it.
    static func runAlone(records count: Int, into report: inout BenchmarkReport) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csvPath = folder.appendingPathComponent("records.csv").path
        try SyntheticCatalogue.csv(count: count).write(toFile: csvPath, atomically: false, encoding: .utf8)
        let database = folder.appendingPathComponent("node.sqlite").path
        try await CatalogueBenchmarks.node(CatalogueBenchmarks.author, path: database).importRecords(
            from: try ImportFile(path: csvPath), skipInvalid: false)
        try await run(sourceDatabase: database, records: count, folder: folder, into: &report)
    }

    static func run(sourceDatabase: String, records count: Int, folder: URL, into report: inout BenchmarkReport) async throws {
        guard let wrk = which("wrk") else {
            print("web benchmarks skipped: wrk is not installed (run `bash scripts/setup-test.sh`)")
            return
        }
        let server = try Worker(["serve-worker", sourceDatabase])
        defer { server.stop() }
        let (node, blob) = try server.readURLs()
        let base = node.hasSuffix("/") ? String(node.dropLast()) : node
        let queries = SyntheticCatalogue.queries(200)
        var random = SplitMix64(seed: 5)
        let catalogue = (0..<200).map { index -> String in
            index % 2 == 0 ? "/?page=\(1 + Int(random.next() % 50))" : "/?country=\(random.pick(SyntheticCatalogue.countries))"
        }
        let search = queries.map { "/api/v1/search?q=\(escape($0))&per_page=20" }
        let pageBytes = try Data(contentsOf: URL(string: base + "/")!).count
        let floor = try wrkRun(wrk, base: blob.hasSuffix("/") ? String(blob.dropLast()) : blob, paths: ["/blob/\(pageBytes)"], folder: folder)
        for (name, paths) in [("catalogue page", catalogue), ("search API", search)] {
            // Warm the caches the way a running node has them.
            for path in paths.prefix(50) { _ = try? Data(contentsOf: URL(string: base + path)!) }
            let result = try wrkRun(wrk, base: base, paths: paths, folder: folder)
            report.add(
                .init(
                    name: "\(name) at \(count) records, \(connections) clients (wrk, saturated)",
                    figure: String(
                        format: "%.0f req/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, %d errors", result.rate, result.p50, result.p95, result.p99,
                        result.errors),
                    baseline: String(format: "plain %d-byte route: %.0f req/s, p95 %.1f ms", pageBytes, floor.rate, floor.p95),
                    ratio: floor.rate / max(result.rate, 1), target: "0 errors"))
        }
        let paced = try await pacedRun(base: base, paths: zip(catalogue, search).flatMap { [$0, $1] }, rate: 200, seconds: 20)
        report.add(
            .init(
                name: "200 req/s browse + search mix at \(count) records, \(connections) clients, 20 s",
                figure: String(
                    format: "server time p50 %.1f ms, p95 %.1f ms; client p95 %.1f ms; %d errors of %d; node peak RSS %.0f MiB",
                    paced.serverP50, paced.serverP95, paced.clientP95, paced.errors, paced.requests, server.peakMiB()),
                baseline: String(format: "plain route p95 %.1f ms (saturated)", floor.p95), ratio: paced.serverP95 / max(floor.p95, 0.001),
                target: "server p95 ≤ 20 ms, 0 errors"))
    }

    /// Figures of one wrk run.
    struct LoadFigures {
        var rate = 0.0
        var p50 = 0.0
        var p95 = 0.0
        var p99 = 0.0
        var errors = 0
    }

    /// Runs wrk for 15 s over `paths` (picked at random per request) and reads its figures.
    static func wrkRun(_ wrk: String, base: String, paths: [String], folder: URL) throws -> LoadFigures {
        let script = folder.appendingPathComponent("paths-\(UUID().uuidString).lua")
        let list = paths.map { "\"\($0.replacingOccurrences(of: "\"", with: ""))\"" }.joined(separator: ",\n")
        try """
        local paths = {\(list)}
        local counter = 0
        request = function()
          counter = counter + 1
          return wrk.format("GET", paths[(counter % #paths) + 1])
        end
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("FIGURES %f %f %f %f %d\\n", summary.requests / (summary.duration / 1e6),
            latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
            e.connect + e.read + e.write + e.timeout + e.status))
        end
        """.write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t2", "-c\(connections)", "-d15s", "--timeout", "5s", "-s", script.path, base + "/"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("FIGURES ") }) else {
            throw BenchmarkFailure("wrk printed no figures: \(text)")
        }
        let numbers = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard numbers.count == 5 else { throw BenchmarkFailure("wrk figures unreadable: \(line)") }
        return LoadFigures(rate: numbers[0], p50: numbers[1], p95: numbers[2], p99: numbers[3], errors: Int(numbers[4]))
    }

    /// Figures of a paced run.
    struct PacedFigures {
        var requests = 0
        var errors = 0
        var serverP50 = 0.0
        var serverP95 = 0.0
        var clientP50 = 0.0
        var clientP95 = 0.0
        var clientP99 = 0.0
    }

    /// Sends `rate` requests per second for `seconds`, cycling through `paths`, over at most
    /// ``connections`` connections; server times come from `Server-Timing`.
    static func pacedRun(base: String, paths: [String], rate: Int, seconds: Int) async throws -> PacedFigures {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.timeoutIntervalForRequest = 10
        let session = URLSession(configuration: configuration)
        let total = rate * seconds
        let start = DispatchTime.now().uptimeNanoseconds
        let samples = await withTaskGroup(of: (Double, Double)?.self) { group in
            for index in 0..<total {
                let due = start + UInt64(index) * 1_000_000_000 / UInt64(rate)
                let now = DispatchTime.now().uptimeNanoseconds
                if due > now { try? await Task.sleep(nanoseconds: due - now) }
                let url = URL(string: base + paths[index % paths.count])!
                group.addTask {
                    let sent = DispatchTime.now().uptimeNanoseconds
                    guard let (_, response) = try? await session.data(from: url), let http = response as? HTTPURLResponse,
                        http.statusCode == 200
                    else { return nil }
                    let client = Double(DispatchTime.now().uptimeNanoseconds - sent) / 1e6
                    let timing = http.value(forHTTPHeaderField: "Server-Timing") ?? ""
                    let server = timing.split(separator: "=").last.flatMap { Double($0) } ?? client
                    return (server, client)
                }
            }
            var samples: [(Double, Double)?] = []
            for await sample in group { samples.append(sample) }
            return samples
        }
        let ok = samples.compactMap { $0 }
        return PacedFigures(
            requests: total, errors: total - ok.count, serverP50: CatalogueBenchmarks.percentile(ok.map(\.0), 0.5),
            serverP95: CatalogueBenchmarks.percentile(ok.map(\.0), 0.95), clientP50: CatalogueBenchmarks.percentile(ok.map(\.1), 0.5),
            clientP95: CatalogueBenchmarks.percentile(ok.map(\.1), 0.95), clientP99: CatalogueBenchmarks.percentile(ok.map(\.1), 0.99))
    }

    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func which(_ tool: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(folder)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
