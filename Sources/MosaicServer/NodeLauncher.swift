import Foundation
import Logging
import MosaicConfig
import MosaicStore
import MosaicSync
import ServiceLifecycle

/// Runs one or more nodes (HTTP server and pull scheduler each) under one `ServiceGroup`,
/// stopping gracefully on SIGTERM or SIGINT.
public enum NodeLauncher {
    /// Opens each node's store, starts its HTTP server and runs until a shutdown signal.
    /// - Parameters:
    ///   - setups: the nodes to run (one for `mosaic serve`, several for `mosaic demo`).
    ///   - onRunning: called once per node with the URL it actually listens on.
    /// - Throws: when a store cannot be opened or a server cannot bind its address.
    public static func run(
        _ setups: [NodeSetup], logger: Logger, onRunning: @escaping @Sendable (NodeSetup, URL) async -> Void
    ) async throws {
        // One HTTP client for every pull of the process; first in the group, so it shuts down last.
        let transport = LivePeerTransport()
        var services: [any Service] = [transport]
        do {
            for setup in setups {
                let catalogue = try setup.openCatalogue()
                var nodeLogger = logger
                nodeLogger[metadataKey: "member"] = .string(setup.config.member.rawValue)
                let metrics = NodeMetrics()
                services.append(
                    try NodeServer.application(setup: setup, catalogue: catalogue, metrics: metrics, logger: nodeLogger) { url in
                        await onRunning(setup, url)
                    })
                if let backup = setup.config.backup {
                    let folder = BackupFolder(path: backup.folder, member: setup.config.member, keep: backup.keepDaily)
                    services.append(
                        DailyBackupService(store: catalogue.store, folder: folder, clock: ContinuousClock(), logger: nodeLogger))
                }
                // The peers follow the node's effective directory: no restart when a member joins, moves or is revoked.
                services.append(
                    PullScheduler(
                        catalogue: catalogue, peers: .directory(of: catalogue, setup: setup, transport: transport),
                        schedule: PullSchedule(setup.config.sync), pageSize: setup.config.sync.pageSize, logger: nodeLogger,
                        metrics: metrics))
            }
        } catch {
            await transport.shutdown()
            throw error
        }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await transport.shutdown()
            if "\(error)".contains("Address already in use") {
                let addresses = setups.map { $0.config.listen.description }.joined(separator: ", ")
                throw LaunchError(
                    description: "cannot listen on \(addresses): the address is in use. Another node (or the demo) runs there: "
                        + "stop it, or change `listen` in the configuration.")
            }
            throw error
        }
    }
}

/// Why a node could not start.
public struct LaunchError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
