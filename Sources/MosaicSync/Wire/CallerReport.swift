import MosaicCore
import MosaicStore

/// The body of `POST /sync/v1/callers` (docs/PROTOCOL.md §15): the members that pulled from the
/// caller, with the version vector each holds, when it pulled and the versions it announced, so
/// that a node upstream of a relay sees the nodes behind it.
///
/// `{"callers":[{"member":"id","vector":{…},"pulled_at":ms,"software":"0.1.0","protocol":"1.0"},…]}`;
/// `software` and `protocol` may be absent.
public struct CallerReport: Sendable, Hashable {
    /// Most entries one report may hold (a directory is tens to hundreds of members).
    public static let maxCallers = 1_000

    public let callers: [SyncCaller]

    public init(callers: [SyncCaller]) { self.callers = Array(callers.prefix(Self.maxCallers)) }

    public var bytes: [UInt8] {
        let entries: [JSONValue] = callers.map { caller in
            var object: [String: JSONValue] = [
                "member": .string(caller.member.rawValue), "vector": caller.vector.json, "pulled_at": .int(caller.pulledAt),
            ]
            if let software = caller.software { object["software"] = .string(software) }
            if let version = caller.protocolVersion { object["protocol"] = .string(version) }
            return .object(object)
        }
        return JSONValue.object(["callers": .array(entries)]).canonicalBytes
    }

    /// Parses a report; `nil` when it is not the shape above, holds more than ``maxCallers`` entries,
    /// names a member twice, or a time below 0. Versions that are not what the header fields allow
    /// (``PeerVersion``) are dropped, not refused.
    public init?(bytes: some Collection<UInt8>) {
        guard let object = (try? JSONParser.parse(bytes))?.objectValue, object.count == 1, let list = object["callers"]?.arrayValue,
            list.count <= Self.maxCallers
        else { return nil }
        var callers: [SyncCaller] = []
        for value in list {
            guard let entry = value.objectValue, let member = entry["member"]?.stringValue.flatMap(MemberID.init),
                let vector = entry["vector"].flatMap(VersionVector.init(json:)), let at = entry["pulled_at"]?.intValue, at >= 0,
                Set(entry.keys).isSubset(of: ["member", "vector", "pulled_at", "software", "protocol"])
            else { return nil }
            // The same checks as the header fields, so a report shows nothing a header could not.
            let version = PeerVersion { name in
                switch name {
                case PeerVersion.softwareHeader: entry["software"]?.stringValue
                case PeerVersion.protocolHeader: entry["protocol"]?.stringValue
                default: nil
                }
            }
            callers.append(
                SyncCaller(
                    member: member, vector: vector, pulledAt: at, software: version.software,
                    protocolVersion: version.protocolVersion?.description))
        }
        guard Set(callers.map(\.member)).count == callers.count else { return nil }
        self.init(callers: callers)
    }
}
