import Foundation
import MosaicSimulation

/// Runs a soak's seeds in `count` child `mosaic-sim` processes, each over one contiguous slice of
/// the seeds with one schedule at a time, and adds up the tallies they write as JSON.
///
/// Why processes and not more tasks in one process: a process running two schedules at once spent
/// about half its CPU handing GRDB's dispatch-queue work from thread to thread (perf: futex waits and
/// wake-ups around `SerializedDatabase.execute`), so on the 2-core machine one process with
/// `--parallel 2` ran 7.1 schedules/s and two single-worker processes ran 14.1/s together
/// (`docs/reliability/simulator.md`). Seeds fix their schedules, so the split changes no result.
struct WorkerProcesses {
    /// The first seed and how many schedules follow it.
    let first: UInt64
    let schedules: Int
    /// Child processes to start (at most `schedules`).
    let count: Int
    /// Options every worker gets as they were given (nodes, topology, directory changes).
    let sharedArguments: [String]

    /// A worker that ended without leaving its tally (killed, crashed, or refused its arguments).
    struct WorkerFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts the workers, waits for all of them, and returns the sum of their tallies.
    /// Throws `WorkerFailed` naming the seeds of a worker that left no tally.
    func run() throws -> SoakTally {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        var started: [(slice: SeedSlices.Slice, process: Process, tally: URL)] = []
        defer { for worker in started where worker.process.isRunning { worker.process.terminate() } }
        for slice in SeedSlices.split(first: first, schedules: schedules, count: count) {
            let tally = folder.appendingPathComponent("tally-\(slice.seed).json")
            let process = Process()
            process.executableURL = executable
            process.arguments =
                [
                    "--schedules", "\(slice.schedules)", "--seed", "\(slice.seed)", "--processes", "1", "--parallel", "1",
                    "--tally-file", tally.path, "--progress-label", "seeds \(Self.range(slice))",
                ] + sharedArguments
            try process.run()
            started.append((slice, process, tally))
        }
        var sum = SoakTally()
        for worker in started {
            worker.process.waitUntilExit()
            guard let data = try? Data(contentsOf: worker.tally), let tally = try? JSONDecoder().decode(SoakTally.self, from: data) else {
                throw WorkerFailed(
                    description: "the worker for seeds \(Self.range(worker.slice)) ended with status \(worker.process.terminationStatus) "
                        + "and left no tally; run them alone with: mosaic-sim --processes 1 --seed \(worker.slice.seed) "
                        + "--schedules \(worker.slice.schedules)")
            }
            sum = sum + tally
        }
        return sum
    }

    /// "1000–1999": the seeds of a slice, for progress lines and errors.
    static func range(_ slice: SeedSlices.Slice) -> String { "\(slice.seed)–\(slice.last)" }
}
