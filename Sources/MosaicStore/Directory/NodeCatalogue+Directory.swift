import Foundation
import MosaicCore

extension NodeCatalogue {
    /// The effective directory now: the seed folded with every directory commit applied so far.
    /// Keys to verify commits and requests, roles for the merge; it changes without a restart.
    public var directory: MemberDirectory { directoryCell.current.directory }

    /// The effective directory with where each entry came from.
    public var effectiveDirectory: EffectiveDirectory { directoryCell.current }

    /// The version vector this node offers its peers: what it holds, without a revoked member's
    /// commits after its revocation (it may hold them from before the revocation arrived; it never
    /// sends them, so it must not claim them either, docs/PROTOCOL.md §5.3).
    public func sharedVector() async throws -> VersionVector {
        Self.shared(try await vector(), revoked: directory.revokedAfter)
    }

    static func shared(_ vector: VersionVector, revoked: [MemberID: Int64]) -> VersionVector {
        var shared = vector
        for (member, after) in revoked where shared[member] > after { shared[member] = after }
        return shared
    }

    /// Makes the directory an applied batch folded the one every path of this node uses.
    func adopt(_ outcome: ApplyOutcome) {
        if let directory = outcome.directory { directoryCell.adopt(directory) }
    }

    /// Decodes and verifies signatures, in parallel on the machine's cores.
    ///
    /// A batch may carry the directory changes its later commits need (a member added, then its
    /// commits; a rotation, then commits signed by the new key): commits that fail against the
    /// current directory are checked again against it folded with the batch's verified directory
    /// operations, until nothing more verifies. Commits of a revoked member after its revocation
    /// are left out and reported.
    /// - Returns: the verified commits, the origins held back (unknown), the commits refused as revoked.
    /// - Throws: ``ApplyError`` when a commit is forged, malformed, or a directory change not signed by a coordinator.
    func verify(_ commits: [SignedCommit], relay: MemberID?) throws -> ([(Commit, SignedCommit)], [String], [String]) {
        let current = directoryCell.current, known = knownOperations
        var directory = current.directory
        var pending = Array(commits.indices)
        var verified: [Int: Commit] = [:]
        var failures: [Int: CommitError] = [:]
        var batchEvents: [DirectoryEvent] = []
        while !pending.isEmpty {
            let checking = directory
            let results = ParallelMap.map(pending.map { commits[$0] }) { signed -> Result<Commit, CommitError> in
                do throws(CommitError) {
                    let commit = try signed.verified(by: checking, knowing: known)
                    if commit.stream == .local { return .failure(.localCommitReceived(origin: commit.origin.rawValue, seq: commit.seq)) }
                    return .success(commit)
                } catch {
                    return .failure(error)
                }
            }
            var next: [Int] = []
            var learned = false
            for (index, result) in zip(pending, results) {
                switch result {
                case .success(let commit):
                    verified[index] = commit
                    failures[index] = nil
                    for (offset, operation) in commit.directory.enumerated() {
                        batchEvents.append(
                            DirectoryEvent(id: commit.writeID(commit.operations.count + offset), hlc: commit.hlc, operation: operation))
                        learned = true
                    }
                case .failure(let error):
                    failures[index] = error
                    next.append(index)
                }
            }
            guard learned, !next.isEmpty else { break }
            directory = DirectoryFold.fold(seed: seed, events: current.events + batchEvents).directory
            pending = next
        }
        var result: [(Commit, SignedCommit)] = []
        var heldBack: [String] = []
        var revoked: [String] = []
        for index in commits.indices {
            if let commit = verified[index] {
                // A revocation in this very batch also refuses the later commits checked before it was known.
                if directory.isRevoked(commit.origin, seq: commit.seq) {
                    revoked.append("\(commit.origin)#\(commit.seq)")
                } else {
                    result.append((commit, commits[index]))
                }
                continue
            }
            switch failures[index] {
            case .unknownOrigin(let origin): heldBack.append(origin)
            case .revoked(let origin, let seq, _): revoked.append("\(origin)#\(seq)")
            case let error?: throw ApplyError(.invalidCommit(error), relay: relay)
            case nil: break
            }
        }
        return (result, heldBack, revoked)
    }
}

extension NodeCatalogue {
    /// Signs one public commit of directory changes by this node's member and applies it; it then
    /// travels to every node with the next pulls.
    ///
    /// - Parameter operations: `member` and `revoke` need this member to be a coordinator in the
    ///   effective directory; a `rotate` announces this member's next key and is signed by its current one.
    /// - Returns: the commit (its sequence number is where a rotation takes effect: the next commit).
    /// - Throws: ``DirectoryChangeError`` (nothing to change, not a coordinator, this node's key is
    ///   not the member's current key); ``OwnCommitRecoveryPending``; nothing is written then.
    @discardableResult
    public func commitDirectory(_ operations: [DirectoryOperation]) async throws -> Commit {
        guard !operations.isEmpty else { throw DirectoryChangeError.nothingToChange }
        // Sign only what every node will read back: an entry beyond a limit would be refused everywhere.
        if let invalid = operations.first(where: { DirectoryOperation.decode(bytes: $0.canonicalBytes) != $0 }) {
            throw DirectoryChangeError.invalidOperation(String(decoding: invalid.canonicalBytes.prefix(200), as: UTF8.self))
        }
        let member = self.member, key = self.signingKey, applier = self.applier, nowMillis = now()
        let directory = self.directory
        if let operation = operations.first(where: \.needsCoordinator), directory[member]?.role != .coordinator {
            throw DirectoryChangeError.notCoordinator(member: member, operation: operation.name)
        }
        let (commit, outcome) = try await store.write { db in
            try OwnCommitRecovery.refuseWhilePending(db)
            let seq = try NodeState.heldSeq(StreamKey(origin: member, stream: .public), db) + 1
            guard let expected = directory.key(of: member, seq: seq), expected == key.publicKey else {
                throw DirectoryChangeError.keyMismatch(member: member, seq: seq)
            }
            var clock = try NodeState.clock(db)
            let commit = Commit(
                origin: member, stream: .public, seq: seq, hlc: clock.tick(nowMillis: nowMillis), operations: [], directory: operations)
            let signed = try SignedCommit(checkedSigning: commit, with: key)
            let outcome = try applier.apply([(commit, signed)], relay: nil, checkClock: false, in: db)
            return (commit, outcome)
        }
        adopt(outcome)
        return commit
    }
}

/// Why a directory change cannot be made here. Nothing was written.
public enum DirectoryChangeError: Error, Sendable, Equatable, CustomStringConvertible {
    case nothingToChange
    case notCoordinator(member: MemberID, operation: String)
    case keyMismatch(member: MemberID, seq: Int64)
    case invalidOperation(String)
    /// This node's key is an old key of its member (rotated): it signs nothing more.
    case rotatedKey(member: MemberID)

    public var description: String {
        switch self {
        case .nothingToChange: "nothing to change: the member directory already says this"
        case .notCoordinator(let member, let operation):
            "a \"\(operation)\" directory change must be signed by a coordinator, and '\(member)' is not one in the effective directory; "
                + "run it on a coordinator's node"
        case .keyMismatch(let member, let seq):
            "this node's key file is not the key that signs '\(member)' commit #\(seq) in the member directory "
                + "(after `mosaic keys rotate`, point key_file at the new key file and restart the node)"
        case .invalidOperation(let text):
            "this directory change breaks a protocol limit (docs/PROTOCOL.md §14.1) and would be refused by every node: \(text)"
        case .rotatedKey(let member):
            "this node's key file holds an old key of '\(member)' (rotated by `mosaic keys rotate`): point key_file at the new key file "
                + "and restart the node; nothing was changed"
        }
    }
}

extension NodeCatalogue {
    /// Folds the directory again from the store, for directory commits another process wrote to
    /// the same database (a `mosaic members publish`, `revoke` or `keys rotate` beside the running
    /// node), which this process's shared directory has not seen. A fold of every directory
    /// operation held: milliseconds for thousands of them; the scheduler calls it once an interval.
    /// - Returns: whether the directory changed.
    /// - Throws: a store error when the database cannot be read (the directory stays as it was).
    @discardableResult
    public func reloadDirectory() async throws -> Bool {
        let seed = self.seed, before = directoryCell.current.operationCount
        let effective = try await store.writer.read { db in try DirectoryLog.effective(seed: seed, db) }
        directoryCell.adopt(effective)
        return directoryCell.current.operationCount > before
    }
}
