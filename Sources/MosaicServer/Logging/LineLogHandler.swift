import Foundation
import Logging
import MosaicConfig

/// A swift-log handler writing one line per event to standard error, as logfmt or JSON (`log.format`).
///
/// Hand-written because swift-log ships only its plain stream handler and the package mirror has no
/// logfmt or JSON handler; it is formatting only (no buffering, no I/O beyond one write per line).
public struct LineLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let format: LogFormat
    let write: @Sendable (String) -> Void

    /// - Parameter write: where a finished line goes (standard error by default; tests capture it).
    public init(
        label: String, settings: LogSettings, write: @escaping @Sendable (String) -> Void = LineLogHandler.standardError
    ) {
        self.label = label
        self.format = settings.format
        self.logLevel = Logger.Level(rawValue: settings.level) ?? .info
        self.write = write
    }

    /// Writes a line to standard error.
    @Sendable public static func standardError(_ line: String) { FileHandle.standardError.write(Data(line.utf8)) }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("time", ISO8601DateFormatter().string(from: Date())), ("level", event.level.rawValue), ("logger", label),
            ("msg", "\(event.message)"),
        ]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) { fields.append((key, "\(value)")) }
        write(Self.line(fields, format: format))
    }

    /// One line of `fields` in `format`, ending with a newline. Values are escaped so that one event is one line.
    public static func line(_ fields: [(String, String)], format: LogFormat) -> String {
        switch format {
        case .logfmt:
            return fields.map { key, value in "\(key)=\(logfmtValue(value))" }.joined(separator: " ") + "\n"
        case .json:
            return "{" + fields.map { key, value in "\(jsonString(key)):\(jsonString(value))" }.joined(separator: ",") + "}\n"
        }
    }

    static func logfmtValue(_ value: String) -> String {
        let plain =
            !value.isEmpty
            && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0 != "\"" && $0 != "=" && $0 != "\\" && $0.value != 0x7F }
        return plain ? value : jsonString(value)
    }

    static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
