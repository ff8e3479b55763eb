import Foundation
import GRDB
import MosaicCore
import MosaicStore
import MosaicSync

/// The catalogue engine's figures: import, bundle apply, local edit and search at 100k records,
/// each beside a plain-SQLite floor measured in the same run.
enum CatalogueBenchmarks {
    static let author = MemberID("bench-a")!
    static let reader = MemberID("bench-b")!

    /// The members pulling in the load test.
    static let loadPeers = (1...50).map { MemberID("load-peer-\($0)")! }

    static var directory: MemberDirectory {
        MemberDirectory(
            ([author, reader] + loadPeers).map {
                Member(
                    id: $0, name: $0.rawValue, country: CountryCode("BE")!, languages: [], endpoint: nil,
                    publicKey: DemoKeys.signingKey(for: $0).publicKey, role: .member)
            })
    }

    static func node(_ member: MemberID, path: String) throws -> NodeCatalogue {
        NodeCatalogue(
            store: try CatalogueStore(path: path, member: member), member: member, signingKey: DemoKeys.signingKey(for: member),
            directory: directory)
    }

    /// `mosaic-bench import-worker CSV DB`: imports in a process of its own so that its peak memory is the import's.
    static func importWorker(csv: String, database: String) async throws {
        let catalogue = try node(author, path: database)
        let start = Date()
        let report = try await catalogue.importRecords(from: try ImportFile(path: csv), skipInvalid: false)
        let seconds = Date().timeIntervalSince(start)
        print("{\"records\": \(report.imported), \"seconds\": \(seconds), \"peak_mib\": \(PeakMemory.mebibytes())}")
    }

    /// `mosaic-bench apply-worker BUNDLE DB`: applies a bundle into a new node, alone (for profiling).
    static func applyWorker(bundle: String, database: String) async throws {
        let catalogue = try node(reader, path: database)
        let start = Date()
        let (_, outcome) = try await CommitBundle.apply(at: bundle, to: catalogue)
        print(
            "{\"records\": \(outcome.recordsTouched), \"seconds\": \(Date().timeIntervalSince(start)), \"peak_mib\": \(PeakMemory.mebibytes())}"
        )
    }

    static func run(records count: Int, into report: inout BenchmarkReport) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let csvPath = folder.appendingPathComponent("records.csv").path
        let csv = SyntheticCatalogue.csv(count: count)
        try csv.write(toFile: csvPath, atomically: false, encoding: .utf8)
        let rows = try CSVReader.rows(csv.utf8).dropFirst().map(\.row)
        let plainSeconds = try PlainSQLiteBaseline.insert(rows: rows, in: folder)
        let plainRate = Double(count) / plainSeconds

        // Import, in a child process for its peak memory.
        let databaseA = folder.appendingPathComponent("a.sqlite").path
        let imported = try runWorker(csv: csvPath, database: databaseA)
        report.add(
            .init(
                name: "import \(count) records (CSV)",
                figure: String(format: "%.0f records/s, peak RSS %.0f MiB", Double(count) / imported.seconds, imported.peakMiB),
                baseline: String(format: "%.0f rows/s plain SQLite insert + FTS", plainRate), ratio: imported.seconds / plainSeconds,
                target: "RSS < 150 MiB"))

        // Bundle apply into an empty node.
        let nodeA = try node(author, path: databaseA)
        let bundlePath = folder.appendingPathComponent("all.bundle").path
        try await CommitBundle.create(from: nodeA, at: bundlePath)
        let nodeB = try node(reader, path: folder.appendingPathComponent("b.sqlite").path)
        let applyStart = Date()
        let (_, outcome) = try await CommitBundle.apply(at: bundlePath, to: nodeB)
        let applySeconds = Date().timeIntervalSince(applyStart)
        guard outcome.recordsTouched == count else { throw BenchmarkFailure("bundle apply touched \(outcome.recordsTouched) records") }
        let digestA = try await nodeA.digest()
        guard try await nodeB.digest() == digestA else { throw BenchmarkFailure("digests differ after bundle apply") }
        report.add(
            .init(
                name: "bundle apply \(count) records into an empty node",
                figure: String(format: "%.0f records/s", Double(count) / applySeconds),
                baseline: String(format: "%.0f rows/s plain SQLite insert + FTS", plainRate), ratio: applySeconds / plainSeconds,
                target: "≥ 20,000 records/s, ≤ 3×"))

        // Local edit: commit + sign + apply, one transaction each.
        let ids = try await nodeA.list(limit: 200, offset: count / 2).map(\.id)
        var editTimes: [Double] = []
        for (index, id) in ids.enumerated() {
            let start = DispatchTime.now().uptimeNanoseconds
            try await nodeA.commit([.edit(id, [.register(RegisterKey(field: "title", lang: LanguageTag("fr")!), "Titre modifié \(index)")])]
            )
            editTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        let plainQueue = try DatabaseQueue(path: folder.appendingPathComponent("plain.sqlite").path)
        var plainEditTimes: [Double] = []
        for index in 0..<200 {
            let start = DispatchTime.now().uptimeNanoseconds
            try await plainQueue.write { db in
                try db.execute(sql: "UPDATE plain SET title_fr = ? WHERE rowid = ?", arguments: ["Titre \(index)", index * 37 + 1])
            }
            plainEditTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        let editMedian = percentile(editTimes, 0.5), plainEditMedian = percentile(plainEditTimes, 0.5)
        report.add(
            .init(
                name: "local edit (commit + sign + apply) at \(count) records", figure: String(format: "median %.2f ms", editMedian),
                baseline: String(format: "median %.2f ms plain UPDATE transaction", plainEditMedian), ratio: editMedian / plainEditMedian,
                target: "≤ 2 ms"))

        // Search.
        var random = SplitMix64(seed: 11)
        let queries = SyntheticCatalogue.queries(300)
        var searchTimes: [Double] = []
        for query in queries {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try await nodeA.search(query, filter: RecordFilter(country: random.pick(SyntheticCatalogue.countries)), limit: 20)
            searchTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        var rawTimes: [Double] = []
        for query in queries {
            let expression = try SearchQuery.expression(for: query)
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try await plainQueue.read { db in
                try Int64.fetchAll(
                    db, sql: "SELECT rowid FROM plain_search WHERE plain_search MATCH ? ORDER BY rank LIMIT 20", arguments: [expression])
            }
            rawTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        report.add(
            .init(
                name: "search with a facet filter at \(count) records",
                figure: String(format: "p95 %.2f ms (p50 %.2f)", percentile(searchTimes, 0.95), percentile(searchTimes, 0.5)),
                baseline: String(format: "p95 %.2f ms bare FTS5 query", percentile(rawTimes, 0.95)),
                ratio: percentile(searchTimes, 0.95) / percentile(rawTimes, 0.95), target: "p95 ≤ 20 ms"))

        try await SyncBenchmarks.run(
            sourceDatabase: databaseA, records: count, plainInsertSeconds: plainSeconds, folder: folder, into: &report)
        try await WebBenchmarks.run(sourceDatabase: databaseA, records: count, folder: folder, into: &report)
    }

    /// The `fraction` percentile of `values` (NaN when there is none).
    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }

    private static func runWorker(csv: String, database: String) throws -> (seconds: Double, peakMiB: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath()
        if !FileManager.default.isExecutableFile(atPath: process.executableURL!.path) {
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        }
        process.arguments = ["import-worker", csv, database]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let seconds = object["seconds"] as? Double, let peak = object["peak_mib"] as? Double
        else { throw BenchmarkFailure("the import worker failed: \(String(decoding: data, as: UTF8.self))") }
        return (seconds, peak)
    }
}
