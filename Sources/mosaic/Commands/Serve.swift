import ArgumentParser
import Logging
import MosaicServer
import MosaicStore

/// `mosaic serve`: run this member's node until stopped.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the node: HTTP API, web interface and scheduled sync, until SIGTERM or Ctrl-C.")

    @OptionGroup var options: NodeOptions

    func run() async throws {
        try await CommandRunner.run { try await serve() }
    }

    private func serve() async throws {
        let setup = try options.loadSetup()
        // Held until the process ends, so that `mosaic restore` cannot replace the database under a serving node.
        let lock = try ServingLock.acquire(databasePath: setup.config.databasePath)
        defer { withExtendedLifetime(lock) {} }
        let settings = setup.config.log
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, settings: settings) }
        let logger = Logger(label: "mosaic")
        try await NodeLauncher.run([setup], logger: logger) { setup, url in
            Output.say("Mosaic node \(setup.config.member) (\(setup.member.name)) serving at \(url)")
        }
    }
}
