import Foundation
import HTTPTypes
import Hummingbird
import MosaicConfig
import NIOCore

/// Who the client is and whether it came over HTTPS, believing `X-Forwarded-For` and
/// `X-Forwarded-Proto` only from the reverse proxies of `trusted_proxies`.
///
/// The client is the right-most `X-Forwarded-For` address that is not a trusted proxy (each proxy
/// appends the address it saw, so entries left of an untrusted one may be forged). From any other
/// sender both headers are ignored: the socket's address counts, and HTTPS means the node's own TLS.
public struct ForwardedClient: Sendable, Hashable {
    /// Most `X-Forwarded-For` entries read (a longer chain is a forged or looping one).
    public static let maxEntries = 20

    /// The client's IP address (text), or `unknown`.
    public var address: String
    /// Whether the client's connection was HTTPS (to this node, or to a trusted proxy).
    public var https: Bool

    /// Resolves the client of one request.
    /// - Parameters:
    ///   - socketAddress: the IP address of the connection's other end (`nil`: unknown).
    ///   - forwardedFor: the `X-Forwarded-For` field values, in order (comma-separated lists).
    ///   - forwardedProto: the `X-Forwarded-Proto` field values, in order.
    ///   - trusted: the `trusted_proxies` ranges.
    ///   - overTLS: whether this node terminated TLS on the connection.
    public init(socketAddress: String?, forwardedFor: [String], forwardedProto: [String], trusted: [AddressRange], overTLS: Bool) {
        let socket = socketAddress ?? "unknown"
        address = socket
        https = overTLS
        guard let peer = socketAddress, trusted.contains(where: { $0.contains(peer) }) else { return }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.suffix(Self.maxEntries)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard AddressRange.addressBytes(hop) != nil else { break }  // not an address: stop believing the chain
            address = hop
            if !trusted.contains(where: { $0.contains(hop) }) { break }
        }
        if let proto = forwardedProto.flatMap({ $0.split(separator: ",") }).last?.trimmingCharacters(in: .whitespaces).lowercased() {
            https = overTLS || proto == "https"
        }
    }
}

/// Sets ``NodeRequestContext/client`` from ``ForwardedClient`` for the middleware and routes after it
/// (the request log, the login limiter, secure cookies).
struct ForwardedHeaders: RouterMiddleware {
    typealias Context = NodeRequestContext
    let trusted: [AddressRange]
    let overTLS: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.client = ForwardedClient(
            socketAddress: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: Self.forwardedFor],
            forwardedProto: request.headers[values: Self.forwardedProto], trusted: trusted, overTLS: overTLS)
        return try await next(request, context)
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
