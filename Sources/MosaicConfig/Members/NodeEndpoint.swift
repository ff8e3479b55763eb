import Foundation

/// A node's base URL (a member file's `endpoint`): the one parser that `config check` and the peer
/// client share, so whatever the check accepts the client can reach.
///
/// Scheme and host are case-insensitive (RFC 3986 §6.2.2.1) and kept in lower case; a path prefix
/// (`https://host/mosaic/`, a node behind a reverse proxy) is kept, and the sync paths are
/// appended to it.
public enum NodeEndpoint {
    /// What an endpoint must look like, for error messages.
    public static let rule =
        "an http:// or https:// base URL with a host and no query, such as https://mosaic.example.org or https://example.org/mosaic/"

    /// The normalised URL when `text` is an absolute http(s) URL with a host and no credentials,
    /// query or fragment; `nil` otherwise.
    public static func parse(_ text: String) -> URL? {
        guard text.count <= 2048, var components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            ["http", "https"].contains(scheme), let host = components.host, !host.isEmpty,
            components.user == nil, components.password == nil, components.query == nil, components.fragment == nil
        else { return nil }
        components.scheme = scheme
        // An IPv6 literal is left as written (the brackets would not survive a reassignment).
        if !host.contains(":"), host != host.lowercased() { components.host = host.lowercased() }
        return components.url
    }

    /// The address of `path` (such as `/sync/v1/pull`) on the node at `endpoint`, after its path
    /// prefix: `https://host/mosaic/` and `/sync/v1/pull` give `https://host/mosaic/sync/v1/pull`.
    public static func url(_ path: String, at endpoint: URL) -> URL? {
        guard var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) else { return nil }
        var prefix = components.percentEncodedPath
        while prefix.hasSuffix("/") { prefix.removeLast() }
        components.percentEncodedPath = prefix + path
        return components.url
    }
}
