import Foundation
import GRDB
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A named place in the write path (a pulled page from its receipt to its acknowledgement, an
/// import, a local commit) where a test can kill the process or make storage fail.
///
/// Set in the environment of one `mosaic` process:
/// - `MOSAIC_CRASH_AT=NAME`: the process kills itself with SIGKILL when it reaches `NAME`
///   (`MOSAIC_CRASH_SKIP=N`: at the N+1-th time it is reached; default 0, the first).
/// - `MOSAIC_FAULT_AT=NAME`: reaching `NAME` throws a storage error as SQLite would on a full disk
///   (`MOSAIC_FAULT_KIND=io`: an I/O error instead); `MOSAIC_CRASH_SKIP` counts as above.
///
/// The variables are read once; when neither is set, reaching a point is one comparison.
/// The names are stable: tests and docs/reliability/crash.md refer to them.
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

    /// Kills the process or throws the injected fault when this point is armed; nothing otherwise.
    @inline(__always)
    public func reach() throws {
        guard let armed = Self.armed else { return }
        try armed.reached(self)
    }

    /// The point armed by the environment, if any (read once).
    static let armed: ArmedCrashPoint? = ArmedCrashPoint(environment: ProcessInfo.processInfo.environment)
}

/// The crash or fault the environment asks for, and how many times its point was reached.
final class ArmedCrashPoint: Sendable {
    /// What happens at the point.
    enum Action: Sendable {
        case kill
        case fault(ResultCode)
    }

    let point: CrashPoint
    let action: Action
    let skip: Int
    private let reached = Mutex(0)

    init?(environment: [String: String]) {
        if let name = environment["MOSAIC_CRASH_AT"], !name.isEmpty {
            guard let point = CrashPoint(rawValue: name) else { Self.refuse(name) }
            self.point = point
            action = .kill
        } else if let name = environment["MOSAIC_FAULT_AT"], !name.isEmpty {
            guard let point = CrashPoint(rawValue: name) else { Self.refuse(name) }
            self.point = point
            action = .fault(environment["MOSAIC_FAULT_KIND"] == "io" ? .SQLITE_IOERR : .SQLITE_FULL)
        } else {
            return nil
        }
        skip = environment["MOSAIC_CRASH_SKIP"].flatMap { Int($0) } ?? 0
    }

    func reached(_ point: CrashPoint) throws {
        guard point == self.point else { return }
        let count = reached.withLock { count in
            count += 1
            return count
        }
        guard count == skip + 1 else { return }
        switch action {
        case .kill:
            kill(getpid(), SIGKILL)
            while true { pause() }
        case .fault(let code):
            throw DatabaseError(
                resultCode: code,
                message: "\(code == .SQLITE_FULL ? "database or disk is full" : "disk I/O error") (injected at \(point.rawValue))")
        }
    }

    /// A misspelt point would silently test nothing: stop at once instead.
    private static func refuse(_ name: String) -> Never {
        let known = CrashPoint.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("mosaic: unknown crash point '\(name)'; known points: \(known)\n".utf8))
        exit(70)
    }
}
