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
    /// - Returns: the router, answering `HEAD` as `GET` without a body (``NodeRouter``).
    public static func router(setup: NodeSetup, catalogue: NodeCatalogue, metrics: NodeMetrics = NodeMetrics()) throws -> NodeRouter {
        try router(setup: setup, catalogue: catalogue, metrics: metrics, integrity: IntegrityRecord())
    }

    static func router(setup: NodeSetup, catalogue: NodeCatalogue, metrics: NodeMetrics, integrity: IntegrityRecord) throws -> NodeRouter {
        NodeRouter(router: try routeTable(setup: setup, catalogue: catalogue, metrics: metrics, integrity: integrity).router)
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
        let sync = setup.config.sync
        // The signed @authority must name this node's endpoint, as the effective directory has it
        // now (a published move needs no restart; the seed's until one is published); a node on an
        // ephemeral port (tests) has no fixed name, so it accepts the Host it was reached at
        // (docs/PROTOCOL.md §3.1).
        let member = setup.config.member, seedEndpoint = setup.member.endpoint, fixedPort = setup.config.listen.port != 0
        let authenticator = SyncAuthenticator(
            directory: { catalogue.directory },
            node: { fixedPort ? catalogue.directory[member]?.endpoint ?? seedEndpoint : nil },
            maxBodyBytes: sync.maxBodyBytes, windowSeconds: Int64(sync.signatureWindowSeconds),
            nonces: SyncNonces(store: catalogue.store),
            metrics: metrics, now: { catalogue.nowMillis })
        let ui = setup.config.ui, auth = setup.config.auth
        let gate = Gate(anonymousRead: ui.anonymousRead)
        // Every route goes through a registrar: it records the route's access level and installs
        // the guard that enforces it (RouteAccessGuard).
        let guards = RouteGuards(gate: gate, peers: authenticator)
        let resources = table.registrar(router, surface: .resources, guards: guards)
        HealthRoute(member: setup.config.member, store: catalogue.store).register(on: resources)
        let readiness = Readiness(catalogue: catalogue, peers: setup.peers.map(\.id.rawValue), now: { catalogue.nowMillis })
        ReadyRoute(readiness: readiness).register(on: resources)
        MetricsRoute(catalogue: catalogue, metrics: metrics, integrity: integrity).register(on: resources)
        SyncRoutes(catalogue: catalogue, maxPageBytes: sync.pageBytes, metrics: metrics)
            .register(on: table.registrar(router.group("sync/v1"), prefix: "/sync/v1", surface: .sync, guards: guards))
        try StaticRoutes.load().register(on: resources)

        let translations = try Translations.shipped()
        guard let defaultLanguage = translations.language(ui.defaultLanguage) else {
            throw Translations.Invalid(
                file: "\(ui.defaultLanguage).json",
                problem: "is missing, so ui.default_language cannot be '\(ui.defaultLanguage)'; choose one of "
                    + translations.languages.map(\.code).joined(separator: ", ") + " or add the file (docs/TRANSLATING.md)")
        }
        let accounts = AccountAuthenticator(
            catalogue: catalogue, secureCookies: auth.secureCookies, translations: translations, defaultLanguage: defaultLanguage)
        let browser = CatalogueBrowser(catalogue: catalogue)
        let api = router.group("api/v1").add(middleware: ServerTiming()).add(middleware: ProblemMiddleware()).add(middleware: accounts)
        APIRoutes(setup: setup, catalogue: catalogue, browser: browser)
            .register(on: table.registrar(api, prefix: "/api/v1", surface: .api, guards: guards))
        NetworkAPIRoute(catalogue: catalogue).register(on: table.registrar(api, prefix: "/api/v1", surface: .api, guards: guards))
        guard ui.enabled else { return table }
        let renderer = try PageRenderer.load(translations: translations)
        let web = WebContext(setup: setup, catalogue: catalogue, browser: browser, renderer: renderer)
        let pages = router.group().add(middleware: ServerTiming()).add(middleware: accounts).add(middleware: ErrorPages(renderer: renderer))
        let pageRoutes = table.registrar(pages, surface: .pages, guards: guards)
        CataloguePage(web: web).register(on: pageRoutes)
        RecordForm(web: web).register(on: pageRoutes)
        RecordPage(web: web).register(on: pageRoutes)
        WorkflowPages(web: web).register(on: pageRoutes)
        MembersPage(web: web).register(on: pageRoutes)
        NetworkPage(web: web).register(on: pageRoutes)
        LoginRoutes(
            web: web, hasher: PasswordHasher(),
            limiter: LoginLimiter(perMinute: auth.loginAttemptsPerMinute, now: { Double(catalogue.nowMillis) / 1000 }),
            sessionHours: auth.sessionHours, cookies: accounts
        ).register(on: pageRoutes)
        DashboardPage(web: web).register(on: pageRoutes)
        // Any other path: a 404 page (through the middleware, so with the security headers). Not a
        // route of the table: it answers the same to everyone and reveals nothing.
        pages.get("**") { _, _ -> HTML in throw HTTPError(.notFound, message: "There is no page at this address.") }
        return table
    }
}
