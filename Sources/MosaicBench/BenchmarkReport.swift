import Foundation

/// A table of benchmark figures, each beside the baseline measured in the same run.
struct BenchmarkReport {
    /// One measured figure and its baseline.
    struct Row {
        let name: String
        let figure: String
        let baseline: String
        let ratio: Double
        let target: String
    }

    private(set) var rows: [Row] = []

    mutating func add(_ row: Row) { rows.append(row) }

    /// The table in Markdown, as pasted into docs/BENCHMARKS.md.
    var markdown: String {
        var lines = ["| benchmark | figure | baseline (same run) | ratio | target |", "| --- | --- | --- | --- | --- |"]
        for row in rows {
            lines.append("| \(row.name) | \(row.figure) | \(row.baseline) | \(String(format: "%.2f×", row.ratio)) | \(row.target) |")
        }
        return lines.joined(separator: "\n")
    }
}

/// Wall-clock timing of repeated runs.
enum Stopwatch {
    /// Median seconds of `runs` executions of `body`, after one warm-up.
    static func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        try body()
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return samples.sorted()[samples.count / 2]
    }
}
