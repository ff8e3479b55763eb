import Foundation
import Hummingbird
import Logging
import MosaicConfig
import MosaicCore
import MosaicStore
import MosaicSync
import NIOCore

/// Builds a node's HTTP application: health, the member directory page and the sync endpoints.
public enum NodeServer {
    /// The application serving `setup`'s node from `store`.
    /// - Parameters:
    ///   - onRunning: called with the URL actually bound (the port is real even when the config says 0).
    public static func application(
        setup: NodeSetup, catalogue: NodeCatalogue, metrics: NodeMetrics = NodeMetrics(), logger: Logger,
        onRunning: @escaping @Sendable (URL) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let listen = setup.config.listen
        return Application(
            router: router(setup: setup, catalogue: catalogue, metrics: metrics),
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "mosaic/\(MosaicVersion.current)"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? listen.port
                let host = listen.host.contains(":") ? "[\(listen.host)]" : listen.host
                if let url = URL(string: "http://\(host):\(port)/") { await onRunning(url) }
            },
            logger: logger)
    }

    /// The node's routes, separate from the server so that tests can drive them in-process.
    public static func router(setup: NodeSetup, catalogue: NodeCatalogue, metrics: NodeMetrics = NodeMetrics()) -> Router<
        NodeRequestContext
    > {
        routeTable(setup: setup, catalogue: catalogue, metrics: metrics).router
    }

    /// Every route of the node, with who may call it (for tests and documentation).
    public static func routes(setup: NodeSetup, catalogue: NodeCatalogue) -> [RouteDescription] {
        routeTable(setup: setup, catalogue: catalogue, metrics: NodeMetrics()).routes
    }

    static func routeTable(setup: NodeSetup, catalogue: NodeCatalogue, metrics: NodeMetrics) -> RouteTable {
        let table = RouteTable(router: Router(context: NodeRequestContext.self))
        let router = table.router
        // One log line per request, carrying its request id (hb.request.id) like every line logged while serving it.
        router.add(middleware: LogRequestsMiddleware(.info))
        HealthRoute(member: setup.config.member, store: catalogue.store).register(on: router)
        table.record(.get, "/healthz", access: .open)
        DirectoryRoute(setup: setup).register(on: router)
        table.record(.get, "/", access: .open)
        MetricsRoute(catalogue: catalogue, metrics: metrics).register(on: router)
        table.record(.get, "/metrics", access: .open)
        let sync = setup.config.sync
        let authenticator = SyncAuthenticator(
            directory: setup.directory, maxBodyBytes: sync.maxBodyBytes, windowSeconds: Int64(sync.signatureWindowSeconds),
            nonces: NonceCache(),
            metrics: metrics, now: { catalogue.nowMillis })
        SyncRoutes(catalogue: catalogue, maxPageBytes: sync.pageBytes, authenticator: authenticator, metrics: metrics).register(on: router)
        table.record(.get, "/sync/v1/vector", access: .signedByMember)
        table.record(.post, "/sync/v1/pull", access: .signedByMember)
        return table
    }
}
