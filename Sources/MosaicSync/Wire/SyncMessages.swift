import MosaicCore

/// The body of `POST /sync/v1/pull`: what the caller holds, and how much it wants at once.
public struct PullRequest: Sendable, Hashable {
    public let vector: VersionVector
    public let limit: Int

    public init(vector: VersionVector, limit: Int) {
        self.vector = vector
        self.limit = limit
    }

    public var bytes: [UInt8] { JSONValue.object(["vector": vector.json, "limit": .int(Int64(limit))]).canonicalBytes }

    /// Parses a request body; `nil` when it is not `{"limit": 1…10000, "vector": {…}}`.
    public init?(bytes: some Collection<UInt8>) {
        guard let object = (try? JSONParser.parse(bytes))?.objectValue, object.count == 2, let limit = object["limit"]?.intValue,
            (1...10_000).contains(limit), let vector = object["vector"].flatMap(VersionVector.init(json:))
        else { return nil }
        self.init(vector: vector, limit: Int(limit))
    }
}

/// The answer to a pull: the commits the caller lacks, per origin in ascending sequence,
/// whether more remain, and the answering node's vector (for lag).
public struct PullResponse: Sendable {
    public let commits: [SignedCommit]
    public let more: Bool
    public let vector: VersionVector

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

    public init(member: MemberID, vector: VersionVector, digest: String) {
        self.member = member
        self.vector = vector
        self.digest = digest
    }

    public var bytes: [UInt8] {
        JSONValue.object(["member": .string(member.rawValue), "vector": vector.json, "digest": .string(digest)]).canonicalBytes
    }

    public init?(bytes: some Collection<UInt8>) {
        guard let object = (try? JSONParser.parse(bytes))?.objectValue, let member = object["member"]?.stringValue.flatMap(MemberID.init),
            let vector = object["vector"].flatMap(VersionVector.init(json:)), let digest = object["digest"]?.stringValue
        else { return nil }
        self.init(member: member, vector: vector, digest: digest)
    }
}
