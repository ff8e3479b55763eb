/// Daily backups kept by a serving node (`backup:` in the configuration).
public struct BackupSettings: Sendable, Hashable {
    /// The folder the backups are written to (absolute; created by the operator, writable by the node).
    public var folder: String
    /// How many daily backups to keep; the oldest beyond this are removed. 1–366.
    public var keepDaily: Int

    public init(folder: String, keepDaily: Int = 7) {
        self.folder = folder
        self.keepDaily = keepDaily
    }
}

/// How the node logs (`log:` in the configuration).
public struct LogSettings: Sendable, Hashable {
    /// The lowest level written: `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`.
    public var level = "info"
    /// One line per event, as `logfmt` (`key=value …`) or `json` (one JSON object per line).
    public var format = LogFormat.logfmt

    public init() {}

    /// The levels, lowest first (swift-log's names).
    public static let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
}

/// The log line formats.
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    case logfmt
    case json
}

extension NodeConfigLoader {
    static let backupKeys = ["folder", "keep_daily"]
    static let logKeys = ["level", "format"]

    static func readBackup(_ reader: inout MappingReader, folder: String) -> BackupSettings? {
        guard var nested = reader.nested("backup", allowed: backupKeys) else { return nil }
        let path = nested.string("folder", required: true, expected: "a folder path for the daily backups, relative to this file's folder")
        let keep = nested.integer("keep_daily", in: 1...366, unit: "backups")
        reader.absorb(nested)
        guard let path else { return nil }
        return BackupSettings(folder: DisplayPath.resolve(path, against: folder), keepDaily: keep ?? 7)
    }

    static func readLog(_ reader: inout MappingReader) -> LogSettings {
        var log = LogSettings()
        guard var nested = reader.nested("log", allowed: logKeys) else { return log }
        log.level =
            nested.scalar("level", required: false, expected: "one of \(LogSettings.levels.joined(separator: ", "))") {
                LogSettings.levels.contains($0) ? $0 : nil
            } ?? log.level
        log.format =
            nested.scalar("format", required: false, expected: "logfmt or json") { LogFormat(rawValue: $0) } ?? log.format
        reader.absorb(nested)
        return log
    }
}
