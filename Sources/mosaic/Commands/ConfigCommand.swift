import ArgumentParser
import MosaicConfig

/// `mosaic config …`: work with the node configuration.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check the node configuration and member directory.", subcommands: [Check.self])

    /// `mosaic config check`: report every problem, or "ok" with a summary.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the node configuration, the member directory and the key file; list every problem with file:line:column.")

        @OptionGroup var options: NodeOptions

        /// The JSON answer.
        struct Report: Encodable {
            let ok: Bool
            let summary: String?
            let problems: [ConfigProblem]
            var warnings: [String] = []
        }

        func run() throws {
            switch NodeConfigLoader.load(path: try options.configPath(), interfaceLanguages: InterfaceLanguages.codes) {
            case .success(let setup):
                if options.json {
                    Output.printJSON(Report(ok: true, summary: setup.summary, problems: [], warnings: setup.warnings))
                } else {
                    for warning in setup.warnings { print("warning: \(warning)") }
                    print("ok: \(setup.summary)")
                }
            case .failure(let problems):
                if options.json {
                    Output.printJSON(Report(ok: false, summary: nil, problems: problems.problems))
                } else {
                    Output.printProblems(problems)
                }
                throw ExitCode.failure
            }
        }
    }
}
