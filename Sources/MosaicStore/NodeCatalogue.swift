import Foundation
import GRDB
import MosaicCore

/// A node's catalogue: its store, its member and key, and the member directory. Every change
/// — a local edit, an import, a resolution, commits from a peer or a bundle — goes through
/// ``apply(_:relay:)`` or ``commit(_:)``, one transaction each.
public struct NodeCatalogue: Sendable {
    /// The node's database.
    public let store: CatalogueStore
    /// The member this node runs for.
    public let member: MemberID
    /// The network's members as this node's `Members/` describes them: the seed of the directory.
    public let seed: MemberDirectory
    let directoryCell: DirectoryCell
    /// How far in the future a commit may be dated.
    public let clockBound: ClockBound
    /// The protocol version and operation kinds this node understands (``KnownOperations/current``
    /// but in tests that play a node of a newer version).
    public let knownOperations: KnownOperations
    let signingKey: MemberSigningKey
    let now: @Sendable () -> Int64
    /// The read index of listings, searches and counts (shared by every copy of this value).
    public let index: CatalogueIndex
    /// A deliberate directory-fold defect: `nil` but in the simulator's own test (`@testable` only).
    var directoryDefect: DirectoryDefect?

    /// - Parameters:
    ///   - knownOperations: what this node understands; another than ``KnownOperations/current`` only in tests.
    ///   - now: the physical clock in milliseconds since 1970 (injected for tests).
    public init(
        store: CatalogueStore, member: MemberID, signingKey: MemberSigningKey, directory: MemberDirectory,
        clockBound: ClockBound = .standard, knownOperations: KnownOperations = .current,
        now: @escaping @Sendable () -> Int64 = NodeCatalogue.systemMillis
    ) {
        self.knownOperations = knownOperations
        self.store = store
        self.member = member
        self.signingKey = signingKey
        self.seed = directory
        // The directory operations held are folded once here, then after every write that adds some.
        // A read failure leaves the seed until the next such write folds them inside its transaction.
        let held = try? store.writer.read { db in try DirectoryLog.effective(seed: directory, db) }
        self.directoryCell = DirectoryCell(held ?? DirectoryFold.fold(seed: directory, events: []))
        self.clockBound = clockBound
        self.now = now
        self.index = CatalogueIndex(store: store)
    }

    /// After a rotation the old key signs nothing: its commits would be refused by every node (and
    /// every later commit of this member with them). Every path that signs catalogue commits asks.
    /// - Throws: ``DirectoryChangeError/rotatedKey(member:)`` when this node's key is an old key of its member.
    func refuseRotatedKey() throws {
        if let current = directory.keyHistory[member]?.last?.key, current != signingKey.publicKey {
            throw DirectoryChangeError.rotatedKey(member: member)
        }
    }

    /// The system clock in milliseconds since 1970.
    @Sendable public static func systemMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    var applier: CommitApplier {
        var applier = CommitApplier(
            authority: Materializer.Authority(directory), seed: seed, clockBound: clockBound, nowMillis: now(), crashHook: store.crashHook,
            known: knownOperations)
        if let directoryDefect {
            applier.directoryDefect = directoryDefect
            applier.heldDirectoryEvents = directoryCell.current.events
        }
        return applier
    }

    /// Applies signed commits from a peer or a bundle, all or nothing.
    ///
    /// Every signature is checked against the origin's key before the transaction; a commit
    /// from a member the directory does not know is held back (reported, not applied) and does
    /// not block the others.
    /// - Parameter relay: the member that sent them, named in errors and reports.
    /// - Throws: ``ApplyError`` when any commit is forged, malformed, out of sequence or beyond the
    ///   clock bound; nothing is written then.
    @discardableResult
    public func apply(_ commits: [SignedCommit], relay: MemberID?) async throws -> ApplyOutcome {
        let (verified, heldBack, revoked) = try await verifyJudging(commits, relay: relay)
        let applier = self.applier
        var outcome = try await store.write { db in
            try applier.apply(verified, relay: relay, checkClock: true, in: db)
        }
        outcome.heldBack = heldBack
        outcome.revoked = revoked
        adopt(outcome)
        return outcome
    }

    /// Makes one signed commit of `changes` by this node's member and applies it.
    /// - Returns: the commit and the ids of the records it created.
    /// - Throws: ``AuthoringError`` for a change that cannot be made, ``OwnCommitRecoveryPending`` while a
    ///   restored node recovers its own commits; nothing is written then.
    @discardableResult
    public func commit(_ changes: [RecordChange]) async throws -> LocalCommit {
        let member = self.member, key = self.signingKey, applier = self.applier, nowMillis = now(), hook = store.crashHook
        try refuseRotatedKey()
        let local = try await store.write { db in
            let local = try Self.commit(changes, member: member, key: key, applier: applier, nowMillis: nowMillis, in: db)
            try hook.reach(.commitBeforeCommit)
            return local
        }
        try hook.reach(.commitAfterCommit)
        return local
    }

    /// Plans, signs and applies one commit inside the caller's transaction: the one place this node
    /// signs a commit. A commit larger than every peer accepts is refused before it is signed.
    /// - Throws: ``AuthoringError`` (``AuthoringError/commitTooLarge(record:records:bytes:operations:)``
    ///   beyond ``Commit/maxBytes`` or ``Commit/maxOperations``); nothing is written then.
    static func commit(
        _ changes: [RecordChange], member: MemberID, key: MemberSigningKey, applier: CommitApplier, nowMillis: Int64,
        deferSearchIndex: Bool? = nil, in db: Database
    ) throws -> LocalCommit {
        try OwnCommitRecovery.refuseWhilePending(db)
        var operations: [CatalogueOperation] = []
        var created: [RecordID] = []
        var stream: CommitStream?
        for change in changes {
            let view = try change.record.flatMap { try CatalogueReader.view($0, db) }
            let plan = try ChangePlanner.plan(change, by: member, view: view)
            guard stream == nil || stream == plan.stream else { throw AuthoringError.mixedVisibility }
            stream = plan.stream
            operations += plan.operations
            if let record = plan.created { created.append(record) }
        }
        guard let stream, !operations.isEmpty else { throw AuthoringError.nothingToChange }
        let seq = try NodeState.heldSeq(StreamKey(origin: member, stream: stream), db) + 1
        var clock = try NodeState.clock(db)
        let commit = Commit(origin: member, stream: stream, seq: seq, hlc: clock.tick(nowMillis: nowMillis), operations: operations)
        let signed = try SignedCommit(checkedSigning: commit, with: key)
        _ = try applier.apply([(commit, signed)], relay: nil, checkClock: false, deferSearchIndex: deferSearchIndex, in: db)
        return LocalCommit(commit: commit, created: created)
    }
}

/// A commit this node made.
public struct LocalCommit: Sendable {
    public let commit: Commit
    /// Records it created, in order.
    public let created: [RecordID]
}

/// Maps over an array on all cores, keeping order.
enum ParallelMap {
    static func map<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard items.count > 16 else { return items.map(transform) }
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer {
            // Deinitialise before freeing, or every result computed here would leak.
            _ = results.deinitialize()
            results.deallocate()
        }
        let chunks = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let chunkSize = (items.count + chunks - 1) / chunks
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (chunk * chunkSize)..<min(items.count, (chunk + 1) * chunkSize)
            for index in range { output[index] = transform(items[index]) }
        }
        return results.map { $0! }
    }
}
