import ArgumentParser
import Foundation
import MosaicCore
import MosaicSimulation

/// `mosaic-sim`: runs seeded federation schedules under faults (the soak) or measures the
/// federation figures for 30 and 120 nodes under each topology.
@main
struct MosaicSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mosaic-sim",
        abstract: "Simulated federations of real Mosaic nodes over a network that drops, repeats, reorders, partitions and skews clocks.")

    @Option(help: "Number of seeded schedules to run.") var schedules = 100_000
    @Option(help: "First seed; schedule i uses seed+i. With --schedules 1, replays one seed.") var seed: UInt64 = 0
    @Option(help: "Nodes per federation (default: 3 to 8, drawn per schedule).") var nodes: Int?
    @Option(help: "mesh, random[:K], chain, ring or star (default: drawn per schedule).") var topology: String?
    @Option(help: "Worker processes, each running its own slice of the seeds (the default is one per core).")
    var processes = ProcessInfo.processInfo.activeProcessorCount
    @Option(
        help: "Schedules run at once inside each process. More than 1 gains little: the threads spend their time handing work over.")
    var parallel = 1
    @Option(help: .hidden) var tallyFile: String?
    @Option(help: .hidden) var progressLabel: String?
    @Flag(help: "Measure the federation figures instead (rounds, commits, bytes, wall time to convergence).") var figures = false
    @Option(help: "Federation sizes for --figures, comma-separated.") var sizes = "30,120"
    @Option(help: "Changes per member in the burst that --figures measures.") var editsPerNode = 2
    @Option(help: "Chance per faulty round of a directory change (entry, rotation, revocation); 0 turns them off.")
    var directoryChanges = ScheduleSettings.fast.directoryChanges
    @Option(help: "Chance that a federation has two coordinators, when directory changes are on.")
    var secondCoordinator = ScheduleSettings.fast.secondCoordinator

    func validate() throws {
        if let topology, Topology(name: topology) == nil {
            throw ValidationError("unknown topology '\(topology)'; use mesh, random[:K], chain, ring or star")
        }
        if let nodes, nodes < 2 { throw ValidationError("--nodes must be at least 2") }
        if schedules < 1 || parallel < 1 || processes < 1 {
            throw ValidationError("--schedules, --processes and --parallel must be at least 1")
        }
        if !(0...1).contains(directoryChanges) || !(0...1).contains(secondCoordinator) {
            throw ValidationError("--directory-changes and --second-coordinator must be between 0 and 1")
        }
        if figures, sizes.split(separator: ",").contains(where: { Int($0).map { $0 < 2 } ?? true }) {
            throw ValidationError("--sizes must be numbers of at least 2, comma-separated")
        }
    }

    func run() async throws {
        if figures {
            try await FiguresCommand(
                sizes: sizes.split(separator: ",").compactMap { Int($0) }, topology: topology.flatMap(Topology.init(name:)), seed: seed,
                editsPerNode: editsPerNode
            ).run()
        } else {
            try await soak()
        }
    }

    private func soak() async throws {
        let start = ContinuousClock.now
        let tally: SoakTally
        if min(processes, schedules) > 1 {
            var shared = ["--directory-changes", "\(directoryChanges)", "--second-coordinator", "\(secondCoordinator)"]
            if let nodes { shared += ["--nodes", "\(nodes)"] }
            if let topology { shared += ["--topology", topology] }
            tally = try WorkerProcesses(first: seed, schedules: schedules, count: processes, sharedArguments: shared).run()
        } else {
            tally = try await runSchedules(start: start)
        }
        if let tallyFile {
            try JSONEncoder().encode(tally).write(to: URL(fileURLWithPath: tallyFile), options: .atomic)
        } else {
            for line in tally.report { say(line) }
            say("wall time: \(Self.rate(tally.schedules, since: start))")
            if !tally.failures.isEmpty { say("failing seeds: \(tally.failures.prefix(20).map(\.seed))") }
        }
        if !tally.failures.isEmpty { throw ExitCode.failure }
    }

    /// Runs this process's schedules, `parallel` at a time, printing failures and progress as they come.
    private func runSchedules(start: ContinuousClock.Instant) async throws -> SoakTally {
        var settings = ScheduleSettings.fast
        if let nodes { settings.nodes = nodes...nodes }
        if let topology { settings.topologies = [Topology(name: topology)!] }
        settings.directoryChanges = directoryChanges
        settings.secondCoordinator = secondCoordinator
        let prefix = progressLabel.map { "[\($0)] " } ?? ""
        var tally = SoakTally()
        let total = schedules, first = seed, workers = parallel, frozen = settings
        try await withThrowingTaskGroup(of: (UInt64, Result<ScheduleOutcome, any Error>).self) { group in
            var next = 0
            func launch() {
                let seed = first &+ UInt64(next)
                next += 1
                group.addTask {
                    do { return (seed, .success(try await Schedule(seed: seed, settings: frozen).run())) } catch {
                        return (seed, .failure(error))
                    }
                }
            }
            while next < min(workers, total) { launch() }
            while let (seed, result) = try await group.next() {
                switch result {
                case .success(let outcome):
                    tally.add(outcome)
                    if !outcome.passed {
                        say("\(prefix)FAILED seed \(seed) (replay: mosaic-sim --schedules 1 --seed \(seed)): \(outcome.problems.prefix(3))")
                    }
                case .failure(let error):
                    tally.add(seed: seed, error: error)
                    say("\(prefix)FAILED seed \(seed): threw \(error)")
                }
                if tally.schedules % 1_000 == 0 {
                    say(
                        "\(prefix)… \(tally.schedules) schedules, \(tally.failures.count) failed, \(Self.rate(tally.schedules, since: start))"
                    )
                }
                if next < total { launch() }
            }
        }
        return tally
    }

    static func rate(_ count: Int, since start: ContinuousClock.Instant) -> String {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return String(format: "%.0f s, %.1f schedules/s", seconds, Double(count) / max(seconds, 1e-9))
    }
}

/// Writes a line to standard output at once (unbuffered), so that progress reaches a log or a pipe as it happens.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
