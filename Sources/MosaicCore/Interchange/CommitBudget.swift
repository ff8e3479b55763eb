/// The encoded size of a commit being filled, counted exactly, so that a batch of changes can be
/// split into commits that every peer accepts (at most ``Commit/maxBytes`` bytes and
/// ``Commit/maxOperations`` operations, the limits ``CommitDecoder`` enforces).
///
/// The size is that of ``Commit/canonicalBytes``: the envelope (origin, stream, and the longest
/// sequence number and clock a commit can carry, so it never undercounts), each operation's
/// canonical JSON, and one comma between operations.
public struct CommitBudget: Sendable {
    /// Bytes a commit of the operations added so far takes, at most.
    public private(set) var bytes: Int
    /// Operations added so far.
    public private(set) var operations = 0
    private let envelope: Int

    /// An empty commit of `origin` in `stream`.
    public init(origin: MemberID, stream: CommitStream) {
        let widest = HybridTimestamp(wallMillis: .max, counter: HybridTimestamp.maxCounter)
        envelope = Commit(origin: origin, stream: stream, seq: .max, hlc: widest, operations: []).canonicalBytes.count
        bytes = envelope
    }

    /// Bytes that `operations` add to a commit.
    public func cost(of operations: [CatalogueOperation]) -> Int {
        var total = 0
        for (index, operation) in operations.enumerated() {
            var writer = CanonicalWriter()
            operation.write(into: &writer)
            total += writer.bytes.count + (self.operations + index > 0 ? 1 : 0)
        }
        return total
    }

    /// Counts `operations` into the commit when they fit in it; returns `false`, counting
    /// nothing, when they do not (make the commit, ``reset()``, and add them to the next).
    public mutating func add(_ operations: [CatalogueOperation]) -> Bool {
        let cost = cost(of: operations)
        guard self.operations + operations.count <= Commit.maxOperations, bytes + cost <= Commit.maxBytes else { return false }
        bytes += cost
        self.operations += operations.count
        return true
    }

    /// Empties the commit (after it was made).
    public mutating func reset() {
        bytes = envelope
        operations = 0
    }
}
