import Foundation
import GRDB
import MosaicCore

/// What an import did.
public struct ImportReport: Sendable {
    /// Records created.
    public var imported = 0
    /// Records refused (only with `skipInvalid`).
    public var skipped: [DraftError] = []
    /// Commits made.
    public var commits = 0
}

/// Why an import changed nothing.
public struct ImportRefused: Error, Sendable, CustomStringConvertible {
    /// The bad records (at most 100 listed).
    public let errors: [DraftError]
    /// How many records were bad in all.
    public let count: Int

    public var description: String {
        let listed = errors.map { "  \($0)" }.joined(separator: "\n")
        let more = count > errors.count ? "\n  … and \(count - errors.count) more" : ""
        return
            "\(count) record\(count == 1 ? "" : "s") cannot be imported; nothing was imported (fix them, or pass --skip-invalid):\n\(listed)\(more)"
    }
}

extension NodeCatalogue {
    /// Records per commit during an import.
    public static let importBatch = 500

    /// Imports every record of `file` as new records of this node's member, in one transaction.
    ///
    /// The file is read twice: first to check every record (nothing is written if one is bad,
    /// unless `skipInvalid`), then to commit them in batches of ``importBatch``.
    /// - Parameter progress: called with (records done, records to do).
    public func importRecords(from file: ImportFile, skipInvalid: Bool, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in })
        async throws
        -> ImportReport
    {
        var errors: [DraftError] = []
        var errorCount = 0
        var valid = 0
        try file.forEachDraft { result in
            switch result {
            case .success: valid += 1
            case .failure(let error):
                errorCount += 1
                if errors.count < 100 { errors.append(error) }
            }
        }
        if errorCount > 0 && !skipInvalid { throw ImportRefused(errors: errors, count: errorCount) }
        let member = self.member, key = self.signingKey, applier = self.applier, nowMillis = now(), hook = store.crashHook
        let total = valid
        var report = try await store.writer.write { db -> ImportReport in
            var report = ImportReport()
            var batch: [[RecordChange]] = [[], []]  // shared, private: one commit cannot mix them
            func flush(_ index: Int) throws {
                guard !batch[index].isEmpty else { return }
                _ = try Self.commit(
                    batch[index], member: member, key: key, applier: applier, nowMillis: nowMillis, deferSearchIndex: true, in: db)
                report.imported += batch[index].count
                report.commits += 1
                batch[index] = []
                try hook.reach(.importBatchWritten)
                progress(report.imported, total)
            }
            try file.forEachDraft { result in
                guard case .success(let draft) = result else { return }
                let index = draft.isPrivate ? 1 : 0
                batch[index].append(draft.change())
                if batch[index].count >= Self.importBatch { try flush(index) }
            }
            try flush(0)
            try flush(1)
            // A file without records (a header, `[]`) writes nothing, not even a rebuilt index.
            if report.imported > 0 { try CommitApplier.rebuildSearchIndex(db) }
            try hook.reach(.importBeforeCommit)
            return report
        }
        try hook.reach(.importAfterCommit)
        report.skipped = errors
        return report
    }
}
