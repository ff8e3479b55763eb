import Foundation

/// The `@authority` derived component of RFC 9421 §2.2.3: the host and port a request is sent
/// to, lower-cased, with the scheme's default port left out (RFC 9110 §4.2.3, §7.2).
///
/// A signature covering it is valid at one node only: ``RequestSignature/verify(method:authority:path:body:headers:directory:node:now:window:)``
/// compares it with the node's own endpoint, so a request captured by one node cannot be replayed to another.
public enum RequestAuthority {
    /// The authority of `url`: `node.example.org`, `127.0.0.1:8081`, `[::1]:8081`; `nil` when
    /// the URL has no host.
    public static func of(_ url: URL) -> String? {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true),
            var host = components.percentEncodedHost, !host.isEmpty
        else { return nil }
        host = host.lowercased()
        if host.contains(":"), !host.hasPrefix("[") { host = "[\(host)]" }
        guard let port = components.port, port != defaultPort(of: components.scheme) else { return host }
        return "\(host):\(port)"
    }

    /// `authority` as received (a `Host` header) normalised like ``of(_:)``: lower-cased, and
    /// `:80` (`http`) or `:443` (`https`) removed when `scheme` is given.
    public static func normalised(_ authority: String, scheme: String?) -> String {
        let lowered = authority.lowercased()
        guard let port = defaultPort(of: scheme), lowered.hasSuffix(":\(port)") else { return lowered }
        return String(lowered.dropLast(":\(port)".count))
    }

    static func defaultPort(of scheme: String?) -> Int? {
        switch scheme?.lowercased() {
        case "http": 80
        case "https": 443
        default: nil
        }
    }
}
