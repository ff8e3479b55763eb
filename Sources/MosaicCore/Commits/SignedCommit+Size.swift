import Foundation

extension SignedCommit {
    /// Encodes and signs `commit` only when every node will accept it: at most ``Commit/maxBytes``
    /// bytes and ``Commit/maxOperations`` operations, the same bounds ``CommitDecoder`` holds every
    /// received commit to. Sequences have no gaps, so one commit that peers refuse would block
    /// every later commit of its origin for good: it must never be signed.
    /// - Throws: ``AuthoringError/commitTooLarge(record:records:bytes:operations:)`` naming the record
    ///   with the most bytes in the commit; nothing is signed then.
    public init(checkedSigning commit: Commit, with key: MemberSigningKey) throws(AuthoringError) {
        let bytes = commit.canonicalBytes
        guard bytes.count <= Commit.maxBytes, commit.operations.count <= Commit.maxOperations else {
            throw Self.tooLarge(commit, bytes: bytes.count)
        }
        self.init(bytes: bytes, signature: key.signature(for: Self.signingInput(for: bytes)))
    }

    /// The error for an oversized commit: the record whose operations alone make the largest commit.
    private static func tooLarge(_ commit: Commit, bytes: Int) -> AuthoringError {
        let byRecord = Dictionary(grouping: commit.operations, by: \.record)
        let sizes = byRecord.map { record, operations in
            (
                record,
                Commit(origin: commit.origin, stream: commit.stream, seq: commit.seq, hlc: commit.hlc, operations: operations)
                    .canonicalBytes.count
            )
        }
        let largest = sizes.max { ($0.1, $1.0.rawValue) < ($1.1, $0.0.rawValue) }!.0
        return .commitTooLarge(record: largest, records: byRecord.count, bytes: bytes, operations: commit.operations.count)
    }
}
