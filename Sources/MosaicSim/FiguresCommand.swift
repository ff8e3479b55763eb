import ArgumentParser
import Foundation
import MosaicCore
import MosaicSimulation

/// `mosaic-sim --figures`: one burst of edits per federation size and topology, without faults and
/// then with clocks skewed by up to ±288 s, printed as the Markdown table of docs/BENCHMARKS.md.
struct FiguresCommand {
    let sizes: [Int]
    let topology: Topology?
    let seed: UInt64
    let editsPerNode: Int

    func run() async throws {
        say("| nodes | topology | faults | diameter | ⌈log2 N⌉ | rounds | commits (ideal) | bytes (ideal) | × ideal | wall s | result |")
        say("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
        var failed = false
        for size in sizes {
            for topology in topology.map({ [$0] }) ?? Topology.all(k: 3) {
                for (name, faults) in [
                    ("none", FaultPlan.none),
                    ("skew ±288 s", FaultPlan(drop: 0, duplicate: 0, reorder: 0, partition: 0, maxSkewMillis: 288_000)),
                ] {
                    let figure = try await FederationFigure.measure(
                        nodes: size, topology: topology, seed: seed, editsPerNode: editsPerNode, faults: faults)
                    failed = failed || !figure.problems.isEmpty
                    let ratio = Double(figure.traffic.bytes) / Double(max(figure.idealBytes, 1))
                    say(
                        "| \(size) | \(topology) | \(name) | \(figure.diameter) | \(figure.logRounds) | \(figure.rounds.map(String.init) ?? "—") | "
                            + "\(figure.traffic.commitsDelivered) (\(figure.idealCommits)) | \(figure.traffic.bytes) (\(figure.idealBytes)) | "
                            + String(format: "%.2f | %.2f", ratio, figure.seconds) + " | "
                            + (figure.problems.isEmpty ? "one digest, 0 lost" : figure.problems.prefix(2).joined(separator: "; ")) + " |")
                }
            }
        }
        if failed { throw ExitCode.failure }
    }
}
