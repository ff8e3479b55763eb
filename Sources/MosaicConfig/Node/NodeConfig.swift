import MosaicCore

/// A node's configuration, decoded from its YAML file with every default filled in.
/// Paths are absolute, resolved against the configuration file's folder.
public struct NodeConfig: Sendable {
    /// The member this node runs for.
    public var member: MemberID
    /// Where the HTTP server listens.
    public var listen: ListenAddress
    /// The SQLite database file.
    public var databasePath: String
    /// The member's private key file (mode 0600).
    public var keyFilePath: String
    /// The folder of member files.
    public var membersDirectory: String
    /// Whether this is a node of the demo network (allowed to use the public demo keys).
    public var demo: Bool
    /// The peers to pull from; `nil` means every other member with an endpoint.
    public var peers: [MemberID]?
    /// Pull schedule and limits.
    public var sync: SyncSettings
    /// How far in the future a commit's clock may be, in seconds.
    public var clockSkewSeconds: Int
    /// Web interface settings.
    public var ui: UISettings
    /// Login and session settings.
    public var auth: AuthSettings
    /// Daily backups while serving; `nil` when the configuration has no `backup:` section.
    public var backup: BackupSettings? = nil
    /// Log level and line format.
    public var log = LogSettings()
    /// How the HTTP server protects itself: timeouts and connection limits.
    public var server: ServerSettings
    /// The node's own HTTPS certificate and key; `nil`: plain HTTP (behind a TLS proxy, or on loopback).
    public var tls: TLSSettings? = nil
    /// Extra checks of peers' HTTPS certificates (private CA, pin), by member.
    public var peerTLS: [MemberID: PeerTLSSettings] = [:]
    /// The reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` the node believes.
    public var trustedProxies: [AddressRange] = []

    /// A configuration with every optional setting at its default.
    public init(
        member: MemberID, listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 0), databasePath: String,
        keyFilePath: String, membersDirectory: String, demo: Bool = false, peers: [MemberID]? = nil,
        sync: SyncSettings = SyncSettings(), clockSkewSeconds: Int = 300, ui: UISettings = UISettings(),
        auth: AuthSettings = AuthSettings(), server: ServerSettings = ServerSettings()
    ) {
        self.member = member
        self.listen = listen
        self.databasePath = databasePath
        self.keyFilePath = keyFilePath
        self.membersDirectory = membersDirectory
        self.demo = demo
        self.peers = peers
        self.sync = sync
        self.clockSkewSeconds = clockSkewSeconds
        self.ui = ui
        self.auth = auth
        self.server = server
    }
}

/// A host and port to listen on; port 0 asks the system for a free one.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IP address or host name, without brackets.
    public var host: String
    /// 0–65535.
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `host:port` or `[v6]:port`.
    public init?(_ text: String) {
        let host: Substring, port: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            port = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, !host.contains(where: \.isWhitespace), let number = Int(port), (0...65535).contains(number) else {
            return nil
        }
        self.host = String(host)
        self.port = number
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// How and how often a node pulls from its peers.
public struct SyncSettings: Sendable, Hashable {
    /// Seconds between two pulls from the same peer.
    public var intervalSeconds = 60
    /// Random extra delay, 0 up to this many seconds, so that nodes do not pull in lockstep.
    public var jitterSeconds = 10
    /// Longest wait after repeated failures (exponential back-off is capped here).
    public var backoffMaxSeconds = 900
    /// Timeout of one HTTP request to a peer.
    public var timeoutSeconds = 30
    /// Most commits in one pull page.
    public var pageSize = 500
    /// Most bytes of commits in one pull page.
    public var pageBytes = 4 << 20
    /// Largest request body the node accepts; larger ones get 413.
    public var maxBodyBytes = 1 << 20
    /// How old or how far in the future a signed request may be, in seconds.
    public var signatureWindowSeconds = 300

    public init() {}
}

/// Settings of the coordinators' web interface.
public struct UISettings: Sendable, Hashable {
    /// Whether the web interface is served.
    public var enabled = true
    /// Language of the interface when the browser asks for none Mosaic speaks.
    public var defaultLanguage = "en"
    /// Whether visitors who are not logged in may browse the catalogue.
    public var anonymousRead = false

    public init() {}
}

/// Settings of logins and sessions.
public struct AuthSettings: Sendable, Hashable {
    /// How long a login lasts, in hours.
    public var sessionHours = 12
    /// Failed logins allowed per minute and per address before further tries are refused.
    public var loginAttemptsPerMinute = 5
    /// Whether cookies are marked `Secure`. Defaults to true when the node serves HTTPS itself
    /// (`tls:`) or its own endpoint is `https://` (behind a TLS proxy); false otherwise.
    public var secureCookies = false

    public init() {}
}
