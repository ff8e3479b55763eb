/// How a node's HTTP server protects itself from slow or many connections
/// (the `server:` section of the configuration).
public struct ServerSettings: Sendable, Hashable {
    /// Seconds within which a connection's first request (line, headers and body) must arrive
    /// from its opening, and a later request's body from its headers; the connection is closed beyond.
    public var requestTimeoutSeconds = 20
    /// Seconds a kept-alive connection may stay after an answer without a whole new request's
    /// headers before it is closed.
    public var idleTimeoutSeconds = 30
    /// Most open connections in all; beyond, a new connection gets 503 with `Retry-After` and is closed.
    /// Below the usual limit of 1,024 open files per process, with room for the database files.
    public var maxConnections = 512
    /// Most open connections from one remote address (503 beyond). Behind a reverse proxy every
    /// connection comes from the proxy's address: raise it to `max_connections` there.
    public var maxConnectionsPerAddress = 32

    public init() {}
}
