import Foundation
import MosaicSync

/// `mosaic-bench`: runs every benchmark (release build) and prints the table for docs/BENCHMARKS.md.
///
/// `mosaic-bench [--records N]` runs them all; `mosaic-bench web [--records N]` only the web interface's;
/// `mosaic-bench hostile [--bad-peer PATH] [--commits N]` issue 13's client figures (memory per `bad_peer.py` mode, catch-up bytes); `import-worker CSV DB` is the child process
/// that measures an import's peak memory on its own; `apply-worker BUNDLE DB` applies a bundle
/// alone (for profiling).
@main
enum MosaicBench {
    static func main() async throws {
        let arguments = CommandLine.arguments
        if arguments.contains("--help") || arguments.contains("-h") {
            // Every other word starts a benchmark of minutes: asking for help must not.
            print(
                """
                USAGE: mosaic-bench [--records N]            every benchmark (release build), the table for docs/BENCHMARKS.md
                       mosaic-bench web [--records N]        the web interface's rows alone
                       mosaic-bench load [--records N] [--seconds S]   50 syncing peers beside a paced browse mix
                       mosaic-bench hostile [--bad-peer PATH] [--commits N]   memory per bad_peer.py mode, catch-up bytes
                """)
            return
        }
        if arguments.count == 4, arguments[1] == "import-worker" {
            try await CatalogueBenchmarks.importWorker(csv: arguments[2], database: arguments[3])
            return
        }
        if arguments.count == 4, arguments[1] == "bundle-worker" {
            try await CommitBundle.create(
                from: try CatalogueBenchmarks.node(CatalogueBenchmarks.author, path: arguments[2]), at: arguments[3])
            return
        }
        if arguments.count == 3, arguments[1] == "serve-worker" {
            try await SyncBenchmarks.serveWorker(database: arguments[2])
            return
        }
        if arguments.count == 4, arguments[1] == "pull-worker" {
            try await SyncBenchmarks.pullWorker(url: arguments[2], database: arguments[3])
            return
        }
        if arguments.count == 4, arguments[1] == "apply-worker" {
            try await CatalogueBenchmarks.applyWorker(bundle: arguments[2], database: arguments[3])
            return
        }
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
            return Int(arguments[index + 1]) ?? fallback
        }
        if arguments.count >= 2, arguments[1] == "load" {
            try await LoadTest.run(records: option("--records", 100_000), seconds: option("--seconds", 300))
            return
        }
        if arguments.count == 4, arguments[1] == "hostile-pull-worker" {
            try await HostilePeerBenchmarks.pullWorker(mode: arguments[2], url: arguments[3])
            return
        }
        if arguments.count >= 2, arguments[1] == "hostile" {
            var report = BenchmarkReport()
            let badPeer = arguments.firstIndex(of: "--bad-peer").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
            try await HostilePeerBenchmarks.run(
                badPeer: badPeer ?? "../shared/cases/hostile-peers/bad_peer.py", commits: option("--commits", 5_000), into: &report)
            print(report.markdown)
            return
        }
        if arguments.count >= 2, arguments[1] == "web" {
            var report = BenchmarkReport()
            try await WebBenchmarks.runAlone(records: option("--records", 100_000), into: &report)
            print(report.markdown)
            return
        }
        var records = 100_000
        if let index = arguments.firstIndex(of: "--records"), index + 1 < arguments.count, let value = Int(arguments[index + 1]) {
            records = value
        }
        var report = BenchmarkReport()
        try DirectoryLoadBenchmark.run(into: &report)
        try await CatalogueBenchmarks.run(records: records, into: &report)
        print(report.markdown)
    }
}
