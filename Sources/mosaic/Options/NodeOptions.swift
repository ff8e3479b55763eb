import ArgumentParser
import Foundation
import MosaicConfig
import MosaicStore
import MosaicSync

/// Options every command takes: the node configuration and the output format.
struct NodeOptions: ParsableArguments {
    @Option(name: .long, help: "The node configuration file (default: $MOSAIC_CONFIG).")
    var config: String?

    @Flag(name: .long, help: "Print machine-readable JSON.")
    var json = false

    /// The configuration path from `--config` or `$MOSAIC_CONFIG`.
    func configPath() throws -> String {
        if let config { return config }
        if let fromEnvironment = ProcessInfo.processInfo.environment["MOSAIC_CONFIG"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        throw ValidationError("No node configuration: pass --config PATH or set MOSAIC_CONFIG (see Config/node.example.yaml).")
    }

    /// Loads and checks the node configuration, printing every problem and failing when there are any.
    func loadSetup() throws -> NodeSetup {
        switch NodeConfigLoader.load(path: try configPath(), interfaceLanguages: InterfaceLanguages.codes) {
        case .success(let setup): return setup
        case .failure(let problems):
            Output.printProblems(problems)
            throw ExitCode.failure
        }
    }

    /// Loads the configuration and opens the node's catalogue.
    func openCatalogue() throws -> NodeCatalogue {
        let setup = try loadSetup()
        do {
            return try setup.openCatalogue(crashHook: TestFaults.hook())
        } catch {
            throw Failure("cannot open the database '\(setup.config.databasePath)': \(error)")
        }
    }
}
