import Hummingbird
import HummingbirdCore
import MosaicConfig
import NIOCore

/// The HTTP/1.1 server of a node with its protections: the connection caps (``ConnectionLimiter``),
/// the request deadline (``RequestDeadline``) and Hummingbird's idle timeout, from `server:` settings.
enum ServerProtection {
    /// The server builder for `Application(server:)`; `limits` is shared by all its connections.
    static func http1(_ settings: ServerSettings, limits: ConnectionLimits) -> HTTPServerBuilder {
        let requestTimeout = TimeAmount.seconds(Int64(settings.requestTimeoutSeconds))
        return .http1(
            configuration: .init(
                additionalChannelHandlers: [ConnectionLimiter(limits: limits), RequestDeadline(timeout: requestTimeout)],
                idleTimeout: .seconds(Int64(settings.idleTimeoutSeconds))))
    }

    /// The caps of `settings`, to share among one server's connections.
    static func limits(_ settings: ServerSettings) -> ConnectionLimits {
        ConnectionLimits(total: settings.maxConnections, perAddress: settings.maxConnectionsPerAddress)
    }
}
