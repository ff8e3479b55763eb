import ArgumentParser
import Foundation
import Logging
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicSync

/// `mosaic demo`: a local federation of demo nodes, keys created on first start.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a local demo federation from Config/demo/, creating the demo keys on first start.")

    @OptionGroup var options: NodeOptions

    @Option(name: .long, help: "How many demo nodes to start (the coordinator first).")
    var nodes: Int = 4

    @Option(name: .customLong("config-dir"), help: "The folder of demo node configurations.")
    var configDirectory: String = "Config/demo"

    func validate() throws {
        guard nodes >= 1 else { throw ValidationError("--nodes must be at least 1.") }
    }

    func run() async throws {
        try await CommandRunner.run { try await start() }
    }

    private func start() async throws {
        let setups = try loadDemoSetups()
        guard setups.count >= nodes else {
            throw ValidationError("--nodes \(nodes): \(configDirectory) holds only \(setups.count) demo node configurations.")
        }
        let started = setups.prefix(nodes).map(\.config.member)
        // A node whose usual port is taken listens on a free one; every node learns the new endpoint.
        var moved: [MemberID: Int] = [:]
        for setup in setups.prefix(nodes) where !LoopbackPorts.isFree(setup.config.listen.port) {
            guard let port = LoopbackPorts.pick() else { throw Failure("no free loopback port for \(setup.config.member)") }
            moved[setup.config.member] = port
            Output.say("Port \(setup.config.listen.port) is taken: \(setup.config.member) listens on \(port) instead.")
        }
        let chosen = setups.prefix(nodes).map { $0.relocating(moved).pulling(from: started) }
        let seeded = try await DemoCatalogue.seed(chosen, from: "\(configDirectory)/catalogue")
        if !seeded.imported.isEmpty {
            let total = seeded.imported.values.reduce(0, +)
            Output.say(
                "Seeded \(total) sample records of \(seeded.imported.count) members; \(seeded.exchanged) commits exchanged between the nodes."
            )
        }
        if seeded.seededConflict {
            Output.say("A conflict was seeded: two members retitled the same practice at once. Resolve it under Conflicts.")
        }
        let password = try await DemoAccount.ensure(chosen)
        Output.say("demo account: \(DemoAccount.name) / \(password)   (coordinator on every demo node)")
        Output.say(
            "Starting the Mosaic demo federation: \(chosen.count) nodes pulling from each other every \(chosen[0].config.sync.intervalSeconds) s "
                + "(demo keys are public: never use them for real data).")
        var logger = Logger(label: "mosaic.demo")
        logger.logLevel = .notice  // the demo prints its URLs; per-request lines would drown them
        try await NodeLauncher.run(chosen, logger: logger) { setup, url in
            let role = setup.member.role == .coordinator ? "  <- open this one (coordinator)" : ""
            Output.say("  \(setup.config.member.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \(url)\(role)")
        }
    }

    /// Every demo configuration, keys installed, sorted by port (the coordinator's is first).
    private func loadDemoSetups() throws -> [NodeSetup] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: configDirectory)) ?? []
        let paths = names.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(configDirectory)/\($0)" }
        guard !paths.isEmpty else {
            throw ValidationError("No demo node configurations in '\(configDirectory)': run from the repository's top folder.")
        }
        var setups: [NodeSetup] = []
        for path in paths {
            do {
                try DemoKeyInstaller.installKey(forConfig: path)
            } catch {
                throw ValidationError("Cannot create the demo key for \(path): \(error)")
            }
            switch NodeConfigLoader.load(path: path, interfaceLanguages: InterfaceLanguages.codes) {
            case .success(let setup): setups.append(setup)
            case .failure(let problems):
                Output.printProblems(problems)
                throw ExitCode.failure
            }
        }
        return setups.sorted { $0.config.listen.port < $1.config.listen.port }
    }
}
