import Foundation
import MosaicCore
import MosaicStore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The web interface and the API under load, served from the benchmark's catalogue by a
/// serve worker: `wrk` with 50 connections (throughput and latency at saturation), then about
/// 200 requests/s of a browse and search mix (wrk, each connection pausing between answers),
/// whose server time is read from each answer's `Server-Timing`.
/// The baseline is the same worker's plain route answering a page-sized body.
enum WebBenchmarks {
    static let connections = 50
    /// Milliseconds each connection waits between an answer and its next request in the paced runs:
    /// with answers of about 10 ms, 50 connections make 200 requests/s.
    static let pause = 238

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
        // The dashboard counts every dimension of the (filtered) catalogue: one request in nine of the paced mix.
        let dashboard = (0..<200).map { index -> String in
            index % 2 == 0 ? "/dashboard" : "/dashboard?country=\(random.pick(SyntheticCatalogue.countries))"
        }
        let pageBytes = try Data(contentsOf: URL(string: base + "/")!).count
        let floor = try wrkRun(
            wrk, base: blob.hasSuffix("/") ? String(blob.dropLast()) : blob, paths: ["/blob/\(pageBytes)"], folder: folder)
        for (name, paths) in [
            ("catalogue page", catalogue), ("search API", search), ("dashboard page (half filtered by country)", dashboard),
        ] {
            // Warm the caches the way a running node has them.
            for path in paths.prefix(50) { _ = try? Data(contentsOf: URL(string: base + path)!) }
            let result = try wrkRun(wrk, base: base, paths: paths, folder: folder)
            report.add(
                .init(
                    name: "\(name) at \(count) records, \(connections) clients (wrk, saturated)",
                    figure: String(
                        format: "%.0f req/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, %d errors", result.rate, result.p50, result.p95,
                        result.p99,
                        result.errors),
                    baseline: String(format: "plain %d-byte route: %.0f req/s, p95 %.1f ms", pageBytes, floor.rate, floor.p95),
                    ratio: floor.rate / max(result.rate, 1), target: "0 errors"))
        }
        // About 200 requests/s: 50 connections, each pausing after every answer.
        let paced = try wrkRun(
            wrk, base: base,
            paths: zip(zip(catalogue, search), dashboard).enumerated().flatMap { index, paths in
                [paths.0.0, paths.0.1] + (index % 4 == 0 ? [paths.1] : [])
            }, folder: folder, seconds: 20, pause: WebBenchmarks.pause)
        report.add(
            .init(
                name: "~200 req/s browse + search + dashboard mix at \(count) records, \(connections) connections (wrk, paced), 20 s",
                figure: String(
                    format:
                        "%.0f req/s; server time p50 %.1f ms, p95 %.1f ms, p99 %.1f ms; client p95 %.1f ms; %d errors of %d; node peak RSS %.0f MiB (%.0f MiB anonymous at the end)",
                    paced.rate, paced.serverP50, paced.serverP95, paced.serverP99, paced.p95, paced.errors, paced.requests,
                    server.peakMiB(),
                    server.anonymousMiB()),
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
        var requests = 0
        /// Each answer's `Server-Timing` duration, in milliseconds.
        var serverTimes: [Double] = []

        var serverP50: Double { CatalogueBenchmarks.percentile(serverTimes, 0.5) }
        var serverP95: Double { CatalogueBenchmarks.percentile(serverTimes, 0.95) }
        var serverP99: Double { CatalogueBenchmarks.percentile(serverTimes, 0.99) }
    }

    /// Runs wrk over `paths` (in turn) with ``connections`` connections for `seconds`, and reads its
    /// figures and every answer's server time. With `pause`, each connection waits that many
    /// milliseconds between an answer and its next request: 50 connections pausing 238 ms make
    /// about 200 requests/s, and fewer if the node slows down (the achieved rate is reported).
    static func wrkRun(_ wrk: String, base: String, paths: [String], folder: URL, seconds: Int = 15, pause: Int? = nil) throws
        -> LoadFigures
    {
        let script = folder.appendingPathComponent("paths-\(UUID().uuidString).lua")
        let list = paths.map { "\"\($0.replacingOccurrences(of: "\"", with: ""))\"" }.joined(separator: ",\n")
        try """
        local paths = {\(list)}
        local counter = 0
        local threads = {}
        server = {}
        setup = function(thread) table.insert(threads, thread) end
        init = function(args) counter = math.random(#paths) end
        request = function()
          counter = counter + 1
          return wrk.format("GET", paths[(counter % #paths) + 1])
        end
        response = function(status, headers, body)
          local timing = headers["Server-Timing"] or headers["server-timing"]
          local value = timing and string.match(timing, "dur=([%d%.]+)")
          if value then server[#server + 1] = value end
        end
        \(pause.map { "delay = function() return \($0) end" } ?? "")
        done = function(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("FIGURES %f %f %f %f %d %d\\n", summary.requests / (summary.duration / 1e6),
            latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
            e.connect + e.read + e.write + e.timeout + e.status, summary.requests))
          for _, thread in ipairs(threads) do
            io.write("SERVER ", table.concat(thread:get("server"), " "), "\\n")
          end
        end
        """.write(to: script, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: wrk)
        process.arguments = ["-t2", "-c\(connections)", "-d\(seconds)s", "--timeout", "5s", "-s", script.path, base + "/"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = text.split(separator: "\n")
        guard let line = lines.first(where: { $0.hasPrefix("FIGURES ") }) else {
            throw BenchmarkFailure("wrk printed no figures: \(text)")
        }
        let numbers = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard numbers.count == 6 else { throw BenchmarkFailure("wrk figures unreadable: \(line)") }
        let serverTimes = lines.filter { $0.hasPrefix("SERVER") }.flatMap { $0.split(separator: " ").dropFirst().compactMap { Double($0) } }
        return LoadFigures(
            rate: numbers[0], p50: numbers[1], p95: numbers[2], p99: numbers[3], errors: Int(numbers[4]), requests: Int(numbers[5]),
            serverTimes: serverTimes)
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
