import Foundation

/// A named place in the write path (a pulled page from its receipt to its acknowledgement, an
/// import, a local commit) where a test can kill the process or make storage fail.
///
/// The store only names the points and calls the ``CrashHook`` it was opened with; what happens
/// there (a kill, a storage fault) is decided by whoever injected the hook: tests, or the `mosaic`
/// command's entry point when its test-only environment variables are set. The names are stable:
/// tests and docs/reliability/crash.md refer to them.
public enum CrashPoint: String, CaseIterable, Sendable {
    /// `PullSession`: a page has arrived and parsed; nothing of it is verified or written.
    case pullPageReceived = "pull.page-received"
    /// `NodeCatalogue.apply(_:from:)`: signatures checked, the page's transaction not begun.
    case pullPageVerified = "pull.page-verified"
    /// `CommitApplier` (every apply: pull, bundle, import, local commit), inside the transaction:
    /// the commit log rows are inserted; vector, clock and records not yet.
    case applyCommitLogWritten = "apply.commit-log-written"
    /// `CommitApplier`, inside the transaction: version vector and node clock advanced; records not yet.
    case applyVectorAdvanced = "apply.vector-advanced"
    /// `CommitApplier`, inside the transaction: every touched record, facet and index row written.
    case applyRecordsWritten = "apply.records-written"
    /// `NodeCatalogue.apply(_:from:)`, inside the transaction: the peer's progress written; the
    /// transaction is about to commit.
    case pullBeforeCommit = "pull.before-commit"
    /// `NodeCatalogue.apply(_:from:)`: the page's transaction has committed (the page is durable).
    case pullAfterCommit = "pull.after-commit"
    /// `PullSession`: the page is applied; the next request (which acknowledges it by carrying
    /// the new vector) is not sent yet.
    case pullPageApplied = "pull.page-applied"
    /// `PullSession`: the last page is applied; the round's result is not recorded in the peer's state.
    case pullRoundDone = "pull.round-done"
    /// `PullSession`: the round's result is recorded in the peer's state.
    case pullRoundRecorded = "pull.round-recorded"
    /// `NodeCatalogue.importRecords`, inside the import's one transaction: a batch's commit is applied
    /// (`MOSAIC_CRASH_SKIP` picks the batch).
    case importBatchWritten = "import.batch-written"
    /// `NodeCatalogue.importRecords`, inside the transaction: every batch applied, search index rebuilt.
    case importBeforeCommit = "import.before-commit"
    /// `NodeCatalogue.importRecords`: the import's transaction has committed.
    case importAfterCommit = "import.after-commit"
    /// `NodeCatalogue.commit` (a local edit, a conflict resolution, a proposal decision), inside the
    /// transaction: the signed commit is applied; the transaction is about to commit.
    case commitBeforeCommit = "commit.before-commit"
    /// `NodeCatalogue.commit`: the local commit's transaction has committed.
    case commitAfterCommit = "commit.after-commit"
}

/// What the store calls at each ``CrashPoint``: nothing in production (``none``); a test or the
/// command line's test-only entry point injects one that kills the process or throws a fault.
public struct CrashHook: Sendable {
    private let action: (@Sendable (CrashPoint) throws -> Void)?

    /// A hook that runs `action` at every point reached.
    /// - Parameter action: throws to fail the operation at that point (as a storage error would).
    public init(_ action: @escaping @Sendable (CrashPoint) throws -> Void) { self.action = action }

    private init() { action = nil }

    /// No fault: reaching a point is one comparison.
    public static let none = CrashHook()

    /// Runs the injected action at `point`, if any.
    @inline(__always)
    public func reach(_ point: CrashPoint) throws {
        guard let action else { return }
        try action(point)
    }
}
