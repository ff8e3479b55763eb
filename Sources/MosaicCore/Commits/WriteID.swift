/// Which sequence a commit belongs to: the member's public sequence, shared with the
/// network, or its local-only sequence for private records, which never leaves the node.
public enum CommitStream: String, Sendable, Hashable, Comparable {
    case `public`
    case local

    public static func < (lhs: CommitStream, rhs: CommitStream) -> Bool { lhs == .public && rhs == .local }
}

/// The id of one operation: its commit's origin, stream and sequence, and its index in the
/// commit. Written `origin:seq:index` (public) or `origin:local:seq:index`.
public struct WriteID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let origin: MemberID
    public let stream: CommitStream
    public let seq: Int64
    public let index: Int

    public init(origin: MemberID, stream: CommitStream, seq: Int64, index: Int) {
        self.origin = origin
        self.stream = stream
        self.seq = seq
        self.index = index
    }

    /// Parses the text form; `nil` when malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let stream: CommitStream
        let rest: ArraySlice<Substring>
        switch parts.count {
        case 3: (stream, rest) = (.public, parts[1...])
        case 4 where parts[1] == "local": (stream, rest) = (.local, parts[2...])
        default: return nil
        }
        guard let origin = MemberID(String(parts[0])), let seq = Int64(rest.first!), let index = Int(rest.last!), seq >= 1, index >= 0,
            String(seq) == rest.first!, String(index) == rest.last!
        else { return nil }
        self.init(origin: origin, stream: stream, seq: seq, index: index)
    }

    public var description: String {
        stream == .public ? "\(origin.rawValue):\(seq):\(index)" : "\(origin.rawValue):local:\(seq):\(index)"
    }

    public static func < (lhs: WriteID, rhs: WriteID) -> Bool {
        if lhs.origin != rhs.origin { return lhs.origin < rhs.origin }
        if lhs.stream != rhs.stream { return lhs.stream < rhs.stream }
        return (lhs.seq, lhs.index) < (rhs.seq, rhs.index)
    }
}
