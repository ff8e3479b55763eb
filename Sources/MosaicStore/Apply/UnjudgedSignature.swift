import MosaicCore

extension NodeCatalogue {
    /// ``verify(_:relay:)``, except that a signature failing where this node lacks some of the
    /// origin's earlier commits is refused as the gap it is, not as a forgery: one of the missing
    /// commits may rotate the origin's key (PROTOCOL §14.2), so the key that signs it is not yet
    /// known. The page is refused whole either way; a gap is asked again, where a forgery is
    /// reported as a hostile peer. Found by the simulator (seed 101,812: a page served out of order
    /// carried a commit signed with a rotated key, without the rotation before it).
    /// - Throws: ``ApplyError`` as `verify` does, with ``ApplyError/Reason/sequenceGap(origin:expected:found:)``
    ///   in place of a bad signature that cannot be judged yet.
    func verifyJudging(_ commits: [SignedCommit], relay: MemberID?) async throws -> ([(Commit, SignedCommit)], [String], [String]) {
        do {
            return try verify(commits, relay: relay)
        } catch let error as ApplyError {
            guard case .invalidCommit(.badSignature(let origin, let seq)) = error.reason, let member = MemberID(origin) else { throw error }
            let held = try await store.writer.read { db in try NodeState.heldSeq(StreamKey(origin: member, stream: .public), db) }
            let known = knownOperations
            // The origin's commits this batch brings, by sequence number (undecodable ones cannot fill a gap).
            let brought = Set(
                commits.compactMap { signed -> Int64? in
                    guard let commit = try? CommitDecoder.decode(signed.bytes, knowing: known),
                        commit.origin == member, commit.stream == .public
                    else { return nil }
                    return commit.seq
                })
            var contiguous = held
            while brought.contains(contiguous + 1) { contiguous += 1 }
            guard seq > contiguous + 1 else { throw error }
            let found = brought.filter { $0 > contiguous }.min() ?? seq
            throw ApplyError(.sequenceGap(origin: member, expected: contiguous + 1, found: found), relay: relay)
        }
    }
}
