import Foundation
import Hummingbird
import Logging
import MosaicConfig
import MosaicCore
import MosaicStore
import MosaicSync
import NIOCore

/// Builds a node's HTTP application: the web interface, the JSON API, health, metrics and the sync endpoints.
public enum NodeServer {
    /// The application serving `setup`'s node from `store`, with the server's protections
    /// (`server:` settings: request deadline, idle timeout, connection caps) and the daily
    /// integrity check as a service; over HTTPS when the configuration has `tls:` (``ServerTLS``).
    /// - Parameters:
    ///   - onRunning: called with the URL actually bound (the port is real even when the config says 0).
    public static func application(
        setup: NodeSetup, catalogue: NodeCatalogue, metrics: NodeMetrics = NodeMetrics(), logger: Logger,
        onRunning: @escaping @Sendable (URL) async -> Void = { _ in }
    ) throws -> some ApplicationProtocol {
        let listen = setup.config.listen
        var server = ServerProtection.http1(setup.config.server, limits: ServerProtection.limits(setup.config.server))
        if let tls = setup.config.tls { server = try ServerTLS.wrap(server, settings: tls, logger: logger) }
        let scheme = setup.config.tls == nil ? "http" : "https"
        let integrity = IntegrityRecord()
        let watch = IntegrityWatch(
            store: catalogue.store, record: integrity, clock: ContinuousClock(), nowMillis: { catalogue.nowMillis }, logger: logger)
        return Application(
            router: try router(setup: setup, catalogue: catalogue, metrics: metrics, integrity: integrity),
            server: server,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: "mosaic/\(MosaicVersion.current)"),
            services: [watch],
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? listen.port
                let host = listen.host.contains(":") ? "[\(listen.host)]" : listen.host
                if let url = URL(string: "\(scheme)://\(host):\(port)/") { await onRunning(url) }
            },
            logger: logger)
    }

    /// The node's routes, separate from the server so that tests can drive them in-process.
    /// - Throws: when the interface's templates or files are missing from the module's resources.
    public static func router(setup: NodeSetup, catalogue: NodeCatalogue, metrics: NodeMetrics = NodeMetrics()) throws -> Router<
        NodeRequestContext
    > {
        try router(setup: setup, catalogue: catalogue, metrics: metrics, integrity: IntegrityRecord())
    }

    static func router(setup: NodeSetup, catalogue: NodeCatalogue, metrics: NodeMetrics, integrity: IntegrityRecord) throws -> Router<
        NodeRequestContext
    > {
        try routeTable(setup: setup, catalogue: catalogue, metrics: metrics, integrity: integrity).router
    }

    /// Every route of the node, with who may call it (for tests and documentation).
    public static func routes(setup: NodeSetup, catalogue: NodeCatalogue) throws -> [RouteDescription] {
        try routeTable(setup: setup, catalogue: catalogue, metrics: NodeMetrics()).routes
    }

    static func routeTable(
        setup: NodeSetup, catalogue: NodeCatalogue, metrics: NodeMetrics, integrity: IntegrityRecord = IntegrityRecord()
    ) throws -> RouteTable {
        let table = RouteTable(router: Router(context: NodeRequestContext.self))
        let router = table.router
        // The client behind a trusted reverse proxy (trusted_proxies), for the log, limits and cookies.
        router.add(middleware: ForwardedHeaders(trusted: setup.config.trustedProxies, overTLS: setup.config.tls != nil))
        // One log line per request, without its query string or body (see RequestLog).
        router.add(middleware: RequestLog(level: .info))
        router.add(middleware: SecurityHeaders())
        HealthRoute(member: setup.config.member, store: catalogue.store).register(on: router)
        table.record(.get, "/healthz", access: .open)
        let readiness = Readiness(catalogue: catalogue, peers: setup.peers.map(\.id.rawValue), now: { catalogue.nowMillis })
        ReadyRoute(readiness: readiness).register(on: router)
        table.record(.get, "/readyz", access: .open)
        MetricsRoute(catalogue: catalogue, metrics: metrics, integrity: integrity).register(on: router)
        table.record(.get, "/metrics", access: .open)
        let sync = setup.config.sync
        // The signed @authority must name this node's endpoint; a node on an ephemeral port (tests)
        // has no fixed name, so it accepts the Host it was reached at (docs/PROTOCOL.md §3.1).
        let authenticator = SyncAuthenticator(
            directory: { catalogue.directory }, node: setup.config.listen.port == 0 ? nil : setup.member.endpoint,
            maxBodyBytes: sync.maxBodyBytes, windowSeconds: Int64(sync.signatureWindowSeconds),
            nonces: SyncNonces(store: catalogue.store),
            metrics: metrics, now: { catalogue.nowMillis })
        SyncRoutes(catalogue: catalogue, maxPageBytes: sync.pageBytes, authenticator: authenticator, metrics: metrics).register(on: router)
        table.record(.get, "/sync/v1/vector", access: .signedByMember)
        table.record(.post, "/sync/v1/pull", access: .signedByMember)
        try StaticRoutes.load().register(on: router, table: table)

        let ui = setup.config.ui, auth = setup.config.auth
        let accounts = AccountAuthenticator(
            catalogue: catalogue, secureCookies: auth.secureCookies, defaultLanguage: UILanguage(rawValue: ui.defaultLanguage) ?? .en)
        let gate = Gate(anonymousRead: ui.anonymousRead)
        let browser = CatalogueBrowser(catalogue: catalogue)
        let api = router.group("api/v1").add(middleware: ServerTiming()).add(middleware: ProblemMiddleware()).add(middleware: accounts)
        APIRoutes(setup: setup, catalogue: catalogue, browser: browser, gate: gate).register(on: api, table: table)
        guard ui.enabled else { return table }
        let renderer = try PageRenderer.load()
        let web = WebContext(setup: setup, catalogue: catalogue, browser: browser, gate: gate, renderer: renderer)
        let pages = router.group().add(middleware: ServerTiming()).add(middleware: accounts).add(middleware: ErrorPages(renderer: renderer))
        CataloguePage(web: web).register(on: pages, table: table)
        RecordForm(web: web).register(on: pages, table: table)
        RecordPage(web: web).register(on: pages, table: table)
        WorkflowPages(web: web).register(on: pages, table: table)
        MembersPage(web: web).register(on: pages, table: table)
        LoginRoutes(
            web: web, hasher: PasswordHasher(),
            limiter: LoginLimiter(perMinute: auth.loginAttemptsPerMinute, now: { Double(catalogue.nowMillis) / 1000 }),
            sessionHours: auth.sessionHours, cookies: accounts
        ).register(on: pages, table: table)
        // Any other path: a 404 page (through the middleware, so with the security headers).
        pages.get("**") { _, _ -> HTML in throw HTTPError(.notFound, message: "There is no page at this address.") }
        return table
    }
}
