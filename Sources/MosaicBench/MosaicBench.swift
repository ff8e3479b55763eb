import Foundation

/// `mosaic-bench`: runs every benchmark (release build) and prints the table for docs/BENCHMARKS.md.
@main
enum MosaicBench {
    static func main() throws {
        var report = BenchmarkReport()
        try DirectoryLoadBenchmark.run(into: &report)
        print(report.markdown)
    }
}
