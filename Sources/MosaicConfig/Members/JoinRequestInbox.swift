import Foundation
import MosaicCore

/// The join requests a coordinator's node has taken (`mosaic members add`): a copy of each request
/// file in the folder `join-requests/` beside the node's database. `Members/` holds the entry
/// itself; the copy is what tells "added, not yet published" apart from a member of the directory
/// the node started from, for `mosaic members add`, `mosaic members publish` and the Members page.
/// A request stays there after it is published (its entry then has a directory commit).
public struct JoinRequestInbox: Sendable {
    /// The most request files read (a network adds a few members a year; more is not an inbox).
    public static let maxRequests = 500

    /// The folder, `<folder of database>/join-requests`.
    public let folder: String

    /// The inbox of the node `config` describes; `nil` for an in-memory database (tests).
    public init?(config: NodeConfig) {
        guard config.databasePath != ":memory:" else { return nil }
        let data = (config.databasePath as NSString).deletingLastPathComponent
        folder = ((data.isEmpty ? "." : data) as NSString).appendingPathComponent("join-requests")
    }

    /// An inbox at `folder`.
    public init(folder: String) { self.folder = folder }

    /// Keeps a copy of `request` (replacing an earlier copy for the same member).
    /// - Returns: the path written.
    /// - Throws: ``MemberFileWriter/WriteError`` when the folder or the file cannot be written.
    @discardableResult
    public func keep(_ request: JoinRequest) throws(MemberFileWriter.WriteError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw MemberFileWriter.WriteError(description: "cannot create the folder \(folder): check that it is writable")
        }
        let path = (folder as NSString).appendingPathComponent("\(request.member.id.rawValue).join.json")
        guard FileManager.default.createFile(atPath: path, contents: Data(request.bytes)) else {
            throw MemberFileWriter.WriteError(description: "cannot write \(path): check that the folder is writable")
        }
        return path
    }

    /// The requests kept, by member id, with when each was taken. Files that are not a valid
    /// request (damaged, edited) are left out: the request was checked when it was taken.
    public func taken() -> [TakenJoinRequest] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var requests: [TakenJoinRequest] = []
        for name in names.sorted().prefix(Self.maxRequests) where name.hasSuffix(".join.json") {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let handle = FileHandle(forReadingAtPath: path) else { continue }
            defer { try? handle.close() }
            let bytes = Array((try? handle.read(upToCount: JoinRequest.maxBytes + 1)) ?? Data())
            guard let request = try? JoinRequest.decode(bytes) else { continue }
            let date = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date
            requests.append(
                TakenJoinRequest(request: request, takenAtMillis: date.map { Int64($0.timeIntervalSince1970 * 1000) } ?? 0))
        }
        return requests
    }

    /// The ids of the members whose request was taken.
    public var takenIDs: Set<MemberID> { Set(taken().map(\.request.member.id)) }
}

/// A join request kept by ``JoinRequestInbox`` and when it was taken.
public struct TakenJoinRequest: Sendable {
    /// The request, checked again when read.
    public let request: JoinRequest
    /// When `mosaic members add` took it, in milliseconds since 1970 (the copy's modification time).
    public let takenAtMillis: Int64
}
