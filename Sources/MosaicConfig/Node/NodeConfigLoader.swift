import Foundation
import MosaicCore

/// Loads and checks a node's configuration file, its member directory and its key file,
/// reporting every problem with file, line and column.
public enum NodeConfigLoader {
    static let keys = [
        "member", "listen", "database", "key_file", "members_dir", "demo", "peers", "sync", "clock_skew_seconds", "ui", "auth",
        "backup", "log", "server", "tls", "peer_tls", "trusted_proxies",
    ]
    static let syncKeys = [
        "interval_seconds", "jitter_seconds", "backoff_max_seconds", "timeout_seconds", "page_size", "page_bytes",
        "max_body_bytes", "signature_window_seconds",
    ]
    static let uiKeys = ["enabled", "default_language", "anonymous_read"]
    static let authKeys = ["session_hours", "login_attempts_per_minute", "secure_cookies"]
    static let serverKeys = ["request_timeout_seconds", "idle_timeout_seconds", "max_connections", "max_connections_per_address"]

    /// Loads the node configuration at `path`.
    /// - Parameters:
    ///   - path: the YAML file; relative paths inside it are resolved against its folder.
    ///   - interfaceLanguages: the codes of the interface's locale files, when known (the server's
    ///     resources): `ui.default_language` must be one of them.
    /// - Returns: the checked setup, or every problem found.
    public static func load(path: String, interfaceLanguages: [String]? = nil) -> Result<NodeSetup, ConfigProblems> {
        let absolute = DisplayPath.resolve(path, against: FileManager.default.currentDirectoryPath)
        let folder = (absolute as NSString).deletingLastPathComponent
        let file: YAMLFile
        do {
            file = try YAMLFile(path: absolute, displayPath: path)
        } catch {
            return .failure(ConfigProblems([error]))
        }
        var reader = MappingReader(file.root, file: path, path: "", allowed: keys)
        let member = reader.string("member", required: true, expected: "the id of the member this node runs for").flatMap { text in
            MemberID(text)
                ?? {
                    reader.report("member", found: "'\(text)'", expected: "a member id: \(MemberID.ruleDescription)")
                    return nil
                }()
        }
        let listen = reader.scalar("listen", required: false, expected: "host:port such as 127.0.0.1:8400") { ListenAddress($0) }
        func filePath(_ key: String, _ fallback: String?) -> String? {
            let text = reader.string(key, required: fallback == nil, expected: "a file path, relative to this file's folder") ?? fallback
            return text.map { DisplayPath.resolve($0, against: folder) }
        }
        let database = filePath("database", "\(member?.rawValue ?? "mosaic").sqlite")
        let keyFile = filePath("key_file", nil)
        let membersDirectory = filePath("members_dir", "../Members")!
        let demo = reader.boolean("demo") ?? false
        let peerEntries = reader.list("peers", expected: "a member id") { $0 }
        let sync = readSync(&reader)
        let clockSkew = reader.integer("clock_skew_seconds", in: 1...3600, unit: "seconds")
        let ui = readUI(&reader, languages: interfaceLanguages)
        let auth = readAuth(&reader)
        let backup = readBackup(&reader, folder: folder)
        let log = readLog(&reader)
        let server = readServer(&reader)
        let tls = readTLS(&reader, folder: folder)
        let proxies = reader.list("trusted_proxies", expected: "an IP address or CIDR block, such as 10.0.0.0/8 or ::1") {
            AddressRange($0)
        }
        let secureCookiesWritten = reader.nested("auth", allowed: authKeys)?.has("secure_cookies") ?? false

        var problems = reader.problems
        let directory = MemberDirectoryLoader.load(
            path: membersDirectory, reportedAt: reader.valueLocation("members_dir"), problems: &problems)
        var nodeMember: Member?
        if let member {
            nodeMember = directory[member]
            // A member file that has problems of its own is already reported: "no file" would be wrong.
            let ownFileHasProblems = problems.contains { ($0.file as NSString).lastPathComponent == "\(member).yaml" }
            if nodeMember == nil, !directory.members.isEmpty, !ownFileHasProblems {
                problems.append(
                    reader.valueLocation("member").problem(
                        key: "member", found: "'\(member)', which has no file in \(DisplayPath.show(membersDirectory))",
                        expected: "the id of a member of the directory"
                            + Suggestion.hint(for: member.rawValue, among: directory.members.map(\.id.rawValue))))
            }
        }
        let peers = checkPeers(peerEntries, member: member, directory: directory, problems: &problems)
        let peerTLS = readPeerTLS(reader, folder: folder, directory: directory, problems: &problems)
        var signingKey: MemberSigningKey?
        if let keyFile {
            signingKey = KeyFileCheck.check(
                path: keyFile, location: reader.valueLocation("key_file"), member: nodeMember, demo: demo, problems: &problems)
        }
        guard problems.isEmpty, let member, let signingKey, let keyFile, let database else {
            return .failure(ConfigProblems(problems))
        }
        var config = NodeConfig(
            member: member, listen: listen ?? ListenAddress(host: "127.0.0.1", port: 8400), databasePath: database,
            keyFilePath: keyFile, membersDirectory: membersDirectory, demo: demo, peers: peers, sync: sync,
            clockSkewSeconds: clockSkew ?? 300, ui: ui, auth: auth, server: server)
        config.backup = backup
        config.log = log
        config.tls = tls
        config.peerTLS = peerTLS
        config.trustedProxies = proxies?.map(\.value) ?? []
        if !secureCookiesWritten {
            config.auth.secureCookies = tls != nil || nodeMember?.endpoint?.scheme == "https"
        }
        return .success(NodeSetup(configFile: path, config: config, directory: directory, signingKey: signingKey))
    }

    private static func readSync(_ reader: inout MappingReader) -> SyncSettings {
        var sync = SyncSettings()
        guard var nested = reader.nested("sync", allowed: syncKeys) else { return sync }
        sync.intervalSeconds = nested.integer("interval_seconds", in: 5...86_400, unit: "seconds") ?? sync.intervalSeconds
        sync.jitterSeconds = nested.integer("jitter_seconds", in: 0...3600, unit: "seconds") ?? sync.jitterSeconds
        sync.backoffMaxSeconds = nested.integer("backoff_max_seconds", in: 5...86_400, unit: "seconds") ?? sync.backoffMaxSeconds
        sync.timeoutSeconds = nested.integer("timeout_seconds", in: 1...300, unit: "seconds") ?? sync.timeoutSeconds
        sync.pageSize = nested.integer("page_size", in: 1...10_000, unit: "commits") ?? sync.pageSize
        sync.pageBytes = nested.integer("page_bytes", in: 65_536...(64 << 20), unit: "bytes") ?? sync.pageBytes
        sync.maxBodyBytes = nested.integer("max_body_bytes", in: 1024...(64 << 20), unit: "bytes") ?? sync.maxBodyBytes
        sync.signatureWindowSeconds =
            nested.integer("signature_window_seconds", in: 10...3600, unit: "seconds") ?? sync.signatureWindowSeconds
        if nested.has("jitter_seconds"), sync.jitterSeconds >= sync.intervalSeconds {
            nested.report(
                "jitter_seconds", found: "\(sync.jitterSeconds), not less than interval_seconds (\(sync.intervalSeconds))",
                expected: "a jitter smaller than the interval")
        }
        if nested.has("backoff_max_seconds"), sync.backoffMaxSeconds < sync.intervalSeconds {
            nested.report(
                "backoff_max_seconds", found: "\(sync.backoffMaxSeconds), less than interval_seconds (\(sync.intervalSeconds))",
                expected: "a back-off cap at least as long as the interval")
        }
        reader.absorb(nested)
        return sync
    }

    private static func readUI(_ reader: inout MappingReader, languages: [String]?) -> UISettings {
        var ui = UISettings()
        guard var nested = reader.nested("ui", allowed: uiKeys) else { return ui }
        ui.enabled = nested.boolean("enabled") ?? ui.enabled
        let expected =
            languages.map { "one of the interface's languages: \($0.sorted().joined(separator: ", ")) (to add one: docs/TRANSLATING.md)" }
            ?? "a language code of the interface's locale files, e.g. en, fr, de or ru (the server checks the file exists)"
        ui.defaultLanguage =
            nested.scalar("default_language", required: false, expected: expected) { code in
                guard (2...3).contains(code.count), code.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return nil }
                return languages.map { $0.contains(code) ? code : nil } ?? code
            }
            ?? ui.defaultLanguage
        ui.anonymousRead = nested.boolean("anonymous_read") ?? ui.anonymousRead
        reader.absorb(nested)
        return ui
    }

    private static func readAuth(_ reader: inout MappingReader) -> AuthSettings {
        var auth = AuthSettings()
        guard var nested = reader.nested("auth", allowed: authKeys) else { return auth }
        auth.sessionHours = nested.integer("session_hours", in: 1...720, unit: "hours") ?? auth.sessionHours
        auth.loginAttemptsPerMinute =
            nested.integer("login_attempts_per_minute", in: 1...100, unit: "attempts") ?? auth.loginAttemptsPerMinute
        auth.secureCookies = nested.boolean("secure_cookies") ?? auth.secureCookies
        reader.absorb(nested)
        return auth
    }

    private static func readServer(_ reader: inout MappingReader) -> ServerSettings {
        var server = ServerSettings()
        guard var nested = reader.nested("server", allowed: serverKeys) else { return server }
        server.requestTimeoutSeconds =
            nested.integer("request_timeout_seconds", in: 1...600, unit: "seconds") ?? server.requestTimeoutSeconds
        server.idleTimeoutSeconds = nested.integer("idle_timeout_seconds", in: 1...3600, unit: "seconds") ?? server.idleTimeoutSeconds
        server.maxConnections = nested.integer("max_connections", in: 2...100_000, unit: "connections") ?? server.maxConnections
        server.maxConnectionsPerAddress =
            nested.integer("max_connections_per_address", in: 1...100_000, unit: "connections") ?? server.maxConnectionsPerAddress
        if nested.has("max_connections_per_address"), server.maxConnectionsPerAddress > server.maxConnections {
            nested.report(
                "max_connections_per_address",
                found: "\(server.maxConnectionsPerAddress), more than max_connections (\(server.maxConnections))",
                expected: "a per-address cap no larger than the total")
        }
        reader.absorb(nested)
        return server
    }

    private static func checkPeers(
        _ entries: [(value: String, location: SourceLocation)]?, member: MemberID?, directory: MemberDirectory,
        problems: inout [ConfigProblem]
    ) -> [MemberID]? {
        guard let entries else { return nil }
        var peers: [MemberID] = []
        for (index, entry) in entries.enumerated() {
            let key = "peers[\(index)]"
            guard let peer = directory.member(named: entry.value) else {
                // A peer whose member file has mistakes of its own is already reported.
                if problems.contains(where: { ($0.file as NSString).lastPathComponent == "\(entry.value).yaml" }) { continue }
                let hint = Suggestion.hint(for: entry.value, among: directory.members.map(\.id.rawValue))
                problems.append(
                    entry.location.problem(
                        key: key, found: "'\(entry.value)', which is not a member of the directory",
                        expected: "the exact id of a member with a file in Members/\(hint)"))
                continue
            }
            if peer.id == member {
                problems.append(entry.location.problem(key: key, found: "the node's own member '\(peer.id)'", expected: "another member"))
            } else if peer.endpoint == nil {
                problems.append(
                    entry.location.problem(
                        key: key, found: "'\(peer.id)', which has no endpoint in its member file",
                        expected: "a member with an endpoint (or exchange bundles with it instead)"))
            } else if peers.contains(peer.id) {
                problems.append(entry.location.problem(key: key, found: "'\(peer.id)' listed twice", expected: "each peer once"))
            } else {
                peers.append(peer.id)
            }
        }
        return peers
    }
}
