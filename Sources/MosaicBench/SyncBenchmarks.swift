import Foundation
import Hummingbird
import Logging
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicStore
import MosaicSync
import ServiceLifecycle

/// Sync over loopback HTTP: an initial pull of the whole catalogue into an empty node, a no-op
/// round, and a round carrying 10 edits. The serving and the pulling node each run in a child
/// process of their own, so that each one's peak memory is its own.
enum SyncBenchmarks {
    /// `mosaic-bench serve-worker DB`: serves the node in DB on a free port and a plain floor route on
    /// another, prints `node URL` and `blob URL`, and serves until its standard input closes.
    static func serveWorker(database: String) async throws {
        let catalogue = try CatalogueBenchmarks.node(CatalogueBenchmarks.author, path: database)
        var config = NodeConfig(member: CatalogueBenchmarks.author, databasePath: database, keyFilePath: "-", membersDirectory: "-")
        config.ui.anonymousRead = true  // the web benchmark browses as a visitor
        // wrk's 50 connections all come from 127.0.0.1, as behind a reverse proxy.
        config.server.maxConnectionsPerAddress = config.server.maxConnections
        let setup = NodeSetup(
            configFile: "bench", config: config, directory: CatalogueBenchmarks.directory,
            signingKey: DemoKeys.signingKey(for: CatalogueBenchmarks.author))
        var logger = Logger(label: "bench.serve")
        logger.logLevel = .error
        let app = try NodeServer.application(setup: setup, catalogue: catalogue, logger: logger) { url in
            FileHandle.standardOutput.write(Data("node \(url.absoluteString)\n".utf8))
        }
        // The floor: a plain route answering N bytes, on its own port.
        let router = Router()
        router.get("/blob/:bytes") { _, context -> Response in
            let count = min(context.parameters.get("bytes", as: Int.self) ?? 0, 1 << 30)
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: count)))
        }
        let blob = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                FileHandle.standardOutput.write(Data("blob http://127.0.0.1:\(channel.localAddress?.port ?? 0)/\n".utf8))
            }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app, blob], gracefulShutdownSignals: [.sigterm], logger: logger))
        let stop = Task.detached {
            _ = FileHandle.standardInput.readDataToEndOfFile()
            await group.triggerGracefulShutdown()
        }
        try await group.run()
        stop.cancel()
    }

    /// `mosaic-bench pull-worker URL DB`: one pull round from URL into DB; prints its figures.
    static func pullWorker(url: String, database: String) async throws {
        let catalogue = try CatalogueBenchmarks.node(CatalogueBenchmarks.reader, path: database)
        let start = Date()
        let outcome = await LivePeerTransport.withTransport { transport in
            let client = PeerClient(
                peer: CatalogueBenchmarks.author, endpoint: URL(string: url)!, member: CatalogueBenchmarks.reader,
                key: DemoKeys.signingKey(for: CatalogueBenchmarks.reader), transport: transport, timeout: .seconds(300))
            return await PullSession(catalogue: catalogue, client: client, pageSize: 500).run()
        }
        if let failure = outcome.failure { throw BenchmarkFailure("pull failed: \(failure)") }
        print(
            "{\"commits\": \(outcome.commits), \"pages\": \(outcome.pages), \"seconds\": \(Date().timeIntervalSince(start)), "
                + "\"peak_mib\": \(PeakMemory.mebibytes()), \"digest\": \"\(try await catalogue.digest())\"}")
    }

    /// Runs the sync figures against the node in `sourceDatabase` (which holds `count` records).
    static func run(sourceDatabase: String, records count: Int, plainInsertSeconds: Double, folder: URL, into report: inout BenchmarkReport)
        async throws
    {
        let small = try await smallNoOp(folder: folder)
        let server = try Worker(["serve-worker", sourceDatabase])
        defer { server.stop() }
        let (url, blobURL) = try server.readURLs()
        let source = try CatalogueBenchmarks.node(CatalogueBenchmarks.author, path: sourceDatabase)

        // Initial sync into an empty node.
        let target = folder.appendingPathComponent("pulled.sqlite").path
        let bytesBefore = try scrapeBytesSent(url)
        let initial = try Worker.run(["pull-worker", url, target])
        let wireBytes = try scrapeBytesSent(url) - bytesBefore
        guard initial["digest"] as? String == (try await source.digest()) else {
            throw BenchmarkFailure("digests differ after the initial sync")
        }
        let seconds = initial["seconds"] as? Double ?? 0
        // Floor: the same number of bytes fetched over loopback HTTP, plus the plain bulk insert.
        let fetchSeconds = try fetchSeconds(blobURL: blobURL, bytes: wireBytes)
        let floor = fetchSeconds + plainInsertSeconds
        report.add(
            .init(
                name: "initial sync of \(count) records over loopback",
                figure: String(
                    format: "%.0f records/s, %.1f MB on the wire, peak RSS %.0f MiB puller / %.0f MiB server", Double(count) / seconds,
                    Double(wireBytes) / 1e6, initial["peak_mib"] as? Double ?? 0, server.peakMiB()),
                baseline: String(
                    format: "%.1f s floor (fetch the same bytes %.2f s + plain insert %.2f s)", floor, fetchSeconds, plainInsertSeconds),
                ratio: seconds / floor, target: "≥ 20,000 records/s, ≤ 3×, RSS ≤ 150 MB"))

        // A no-op round (nothing new) at this size, and the 10-edit round.
        let noOp = try (0..<5).map { _ in try roundFigures(url: url, target: target) }.sorted { $0.seconds < $1.seconds }[2]
        let ids = try await source.list(limit: 10, offset: count / 3).map(\.id)
        for (index, id) in ids.enumerated() {
            try await source.commit([.edit(id, [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Edited title \(index)")])]
            )
        }
        let tenEdits = try roundFigures(url: url, target: target)
        report.add(
            .init(
                name: "no-op round at \(count) records", figure: String(format: "%.1f ms, %d bytes", noOp.seconds * 1000, noOp.bytes),
                baseline: String(format: "%.1f ms, %d bytes at 1,000 records", small.seconds * 1000, small.bytes),
                ratio: noOp.seconds / small.seconds,
                target: "same as at 1k (≤ 1.2×), < 2 KB"))
        report.add(
            .init(
                name: "round carrying 10 edits at \(count) records",
                figure: String(format: "%.1f ms, %d bytes", tenEdits.seconds * 1000, tenEdits.bytes),
                baseline: String(format: "no-op round %d bytes", noOp.bytes), ratio: Double(tenEdits.bytes) / Double(noOp.bytes),
                target: "< 10 KB"))
    }

    /// A no-op round against a 1,000-record node: the baseline of the no-op round at full size.
    static func smallNoOp(folder: URL) async throws -> (seconds: Double, bytes: Int) {
        let small = folder.appendingPathComponent("small.sqlite").path
        let csv = folder.appendingPathComponent("small.csv").path
        try SyntheticCatalogue.csv(count: 1000).write(toFile: csv, atomically: false, encoding: .utf8)
        _ = try await CatalogueBenchmarks.node(CatalogueBenchmarks.author, path: small).importRecords(
            from: try ImportFile(path: csv), skipInvalid: false)
        let server = try Worker(["serve-worker", small])
        defer { server.stop() }
        let (url, _) = try server.readURLs()
        let target = folder.appendingPathComponent("small-pulled.sqlite").path
        _ = try Worker.run(["pull-worker", url, target])
        // Median of 5 rounds: one round is a few milliseconds, where noise is large.
        let rounds = try (0..<5).map { _ in try roundFigures(url: url, target: target) }.sorted { $0.seconds < $1.seconds }
        return rounds[2]
    }

    /// Time and bytes (request and answer bodies and headers, as sent) of one round.
    static func roundFigures(url: String, target: String) throws -> (seconds: Double, bytes: Int) {
        let before = try scrapeBytesSent(url)
        let result = try Worker.run(["pull-worker", url, target])
        let answer = try scrapeBytesSent(url) - before
        // The request: the pull body plus the signature headers (~460 bytes) and HTTP framing (~200 bytes).
        let request =
            PullRequest(vector: VersionVector([CatalogueBenchmarks.author: 1, CatalogueBenchmarks.reader: 0]), limit: 500).bytes.count + 660
        return (result["seconds"] as? Double ?? 0, answer + request + 150 * (result["pages"] as? Int ?? 1))
    }

    static func scrapeBytesSent(_ url: String) throws -> Int {
        let text = try String(contentsOf: URL(string: url + "metrics")!, encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix("mosaic_bytes_sent_total ") }
        return Int(line?.split(separator: " ").last ?? "0") ?? 0
    }

    /// Seconds to fetch `bytes` bytes over loopback HTTP in one answer of a plain route.
    static func fetchSeconds(blobURL: String, bytes: Int) throws -> Double {
        let start = Date()
        let data = try Data(contentsOf: URL(string: blobURL + "blob/\(bytes)")!)
        guard data.count == bytes else { throw BenchmarkFailure("the floor fetch got \(data.count) bytes") }
        return Date().timeIntervalSince(start)
    }
}

/// A child process of `mosaic-bench` in one of its worker modes.
final class Worker {
    let process = Process()
    private let output = Pipe()
    private let input = Pipe()

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        process.standardOutput = output
        process.standardInput = input
        try process.run()
    }

    /// The node's URL and the floor route's URL, in the order the servers came up.
    func readURLs() throws -> (node: String, blob: String) {
        var urls: [String: String] = [:]
        for _ in 0..<2 {
            let parts = try readLine().split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { urls[parts[0]] = parts[1] }
        }
        guard let node = urls["node"], let blob = urls["blob"] else { throw BenchmarkFailure("the serve worker did not start") }
        return (node, blob)
    }

    func readLine() throws -> String {
        var text = ""
        while !text.hasSuffix("\n"), let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty {
            text += String(decoding: byte, as: UTF8.self)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The child's peak resident memory so far, in MiB.
    func peakMiB() -> Double { Self.memory(of: process.processIdentifier, "VmHWM:") }

    /// The process's private memory now (`RssAnon:`): resident memory without the pages of the
    /// database file that each reader connection maps (those are the OS page cache, shared and
    /// reclaimable, but counted once per connection in the resident figures).
    func anonymousMiB() -> Double { Self.memory(of: process.processIdentifier, "RssAnon:") }

    /// A process's resident memory now (`VmRSS:`) or at its peak (`VmHWM:`), in MiB.
    static func memory(of pid: Int32, _ field: String) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// Runs a worker to its end and returns the JSON object it printed.
    static func run(_ arguments: [String]) throws -> [String: Any] {
        let worker = try Worker(arguments)
        let data = worker.output.fileHandleForReading.readDataToEndOfFile()
        worker.process.waitUntilExit()
        guard worker.process.terminationStatus == 0, let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw BenchmarkFailure("worker \(arguments[0]) failed: \(String(decoding: data, as: UTF8.self))")
        }
        return object
    }
}
