import MosaicCore

/// The body of `POST /sync/v1/pull`: what the caller holds, how much it wants at once, and
/// optionally which origins it wants (a node catching up from several peers asks each for
/// different origins, so that each commit is downloaded once).
public struct PullRequest: Sendable, Hashable {
    /// Most origins one request may name.
    public static let maxOrigins = 10_000

    public let vector: VersionVector
    public let limit: Int
    /// Only commits of these origins; `nil` (the key absent, as older nodes send) for all.
    public let origins: Set<MemberID>?

    public init(vector: VersionVector, limit: Int, origins: Set<MemberID>? = nil) {
        self.vector = vector
        self.limit = limit
        self.origins = origins
    }

    public var bytes: [UInt8] {
        var object: [String: JSONValue] = ["vector": vector.json, "limit": .int(Int64(limit))]
        if let origins { object["origins"] = .array(origins.map(\.rawValue).sorted().map { .string($0) }) }
        return JSONValue.object(object).canonicalBytes
    }

    /// Parses a request body; `nil` when it is not `{"limit": 1…10000, "vector": {…}}`, with
    /// optionally `"origins": ["member-id", …]` (distinct member ids, at most ``maxOrigins``).
    public init?(bytes: some Collection<UInt8>) {
        guard let object = (try? JSONParser.parse(bytes))?.objectValue, let limit = object["limit"]?.intValue,
            (1...10_000).contains(limit), let vector = object["vector"].flatMap(VersionVector.init(json:))
        else { return nil }
        var origins: Set<MemberID>?
        if let list = object["origins"] {
            guard let values = list.arrayValue, values.count <= Self.maxOrigins else { return nil }
            let ids = values.compactMap { $0.stringValue.flatMap(MemberID.init) }
            guard ids.count == values.count, Set(ids).count == ids.count else { return nil }
            origins = Set(ids)
        }
        guard object.count == (origins == nil ? 2 : 3) else { return nil }
        self.init(vector: vector, limit: Int(limit), origins: origins)
    }
}

/// The answer to a pull: the commits the caller lacks, per origin in ascending sequence,
/// whether more remain, and the answering node's vector (for lag).
public struct PullResponse: Sendable {
    public let commits: [SignedCommit]
    public let more: Bool
    public let vector: VersionVector
    /// The versions the peer announced with this answer (header fields, not part of the body).
    public var peerVersion: PeerVersion?

    public init(commits: [SignedCommit], more: Bool, vector: VersionVector) {
        self.commits = commits
        self.more = more
        self.vector = vector
    }

    public var bytes: [UInt8] {
        JSONValue.object(["commits": .array(commits.map(\.json)), "more": .bool(more), "vector": vector.json]).canonicalBytes
    }

    /// Parses a response body; `nil` when malformed.
    public init?(bytes: some Collection<UInt8>) {
        guard let object = (try? JSONParser.parse(bytes))?.objectValue, let more = object["more"]?.boolValue,
            let vector = object["vector"].flatMap(VersionVector.init(json:)), let list = object["commits"]?.arrayValue
        else { return nil }
        var commits: [SignedCommit] = []
        for value in list {
            guard let commit = SignedCommit(json: value) else { return nil }
            commits.append(commit)
        }
        self.init(commits: commits, more: more, vector: vector)
    }
}

/// The answer to `GET /sync/v1/vector`.
public struct VectorResponse: Sendable, Hashable {
    public let member: MemberID
    public let vector: VersionVector
    public let digest: String
    /// The versions the peer announced with this answer (header fields, not part of the body).
    public var peerVersion: PeerVersion?
    /// SHA-256 (hex) of the node's effective member directory (``MemberDirectory/digest``);
    /// `nil` from a node older than issue 15, which does not send it.
    public let directoryDigest: String?

    public init(member: MemberID, vector: VersionVector, digest: String, directoryDigest: String? = nil) {
        self.member = member
        self.vector = vector
        self.digest = digest
        self.directoryDigest = directoryDigest
    }

    public var bytes: [UInt8] {
        var object: [String: JSONValue] = ["member": .string(member.rawValue), "vector": vector.json, "digest": .string(digest)]
        if let directoryDigest { object["directory_digest"] = .string(directoryDigest) }
        return JSONValue.object(object).canonicalBytes
    }

    public init?(bytes: some Collection<UInt8>) {
        guard let object = (try? JSONParser.parse(bytes))?.objectValue, let member = object["member"]?.stringValue.flatMap(MemberID.init),
            let vector = object["vector"].flatMap(VersionVector.init(json:)), let digest = object["digest"]?.stringValue
        else { return nil }
        self.init(member: member, vector: vector, digest: digest, directoryDigest: object["directory_digest"]?.stringValue)
    }
}
