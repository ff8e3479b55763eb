import Foundation
import GRDB
import MosaicCore

/// What an import did, or with `dryRun` would do.
public struct ImportReport: Sendable {
    /// New records (rows without an `id`).
    public var created = 0
    /// Records an `id` row changed, written as this member may write them.
    public var updated = 0
    /// Records an `id` row would change that this member may not write: its changes are
    /// proposals to the record's owner, who accepts or declines them.
    public var proposed = 0
    /// Records an `id` row names that already hold its values.
    public var unchanged = 0
    /// Records refused (only with `skipInvalid`; at most 100 listed).
    public var skipped: [DraftError] = []
    /// How many records were refused in all.
    public var refused = 0
    /// Commits made (none in a dry run).
    public var commits = 0
    /// Records written: created, updated and proposed.
    public var imported: Int { created + updated + proposed }
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
    /// Most records per commit during an import (fewer when their operations would pass
    /// ``Commit/maxBytes``; see ``CommitBudget``).
    public static let importBatch = 500

    /// Imports every record of `file`: a row with an `id` updates that record (or leaves it
    /// unchanged when it holds the row's values), a row without one creates a record.
    ///
    /// The file is read twice: first to check and classify every record against the catalogue
    /// (nothing is written if one is bad, unless `skipInvalid`), then to write them in commits of
    /// at most ``importBatch`` records and ``Commit/maxBytes`` bytes each, so that every peer
    /// accepts them. All commits are made in one SQLite transaction: a crash or an error leaves
    /// all of them or none.
    /// - Parameters:
    ///   - dryRun: classify only; nothing is written.
    ///   - progress: called with (records done, records to write).
    /// - Throws: ``ImportFile/Failure`` for a file that cannot be read, ``ImportRefused`` for bad records.
    public func importRecords(
        from file: ImportFile, skipInvalid: Bool, dryRun: Bool = false, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> ImportReport {
        let member = self.member
        let authority = Materializer.Authority(directory)
        if dryRun {
            return try await store.writer.read { db in
                try Self.survey(file, member: member, authority: authority, skipInvalid: skipInvalid, db)
            }
        }
        try refuseRotatedKey()
        let key = self.signingKey, applier = self.applier, nowMillis = now(), hook = store.crashHook
        let report = try await store.writer.write { db -> ImportReport in
            var report = try Self.survey(file, member: member, authority: authority, skipInvalid: skipInvalid, db)
            let total = report.imported
            var written = 0
            var batches = [CommitStream.public, .local].map { ImportBatch(origin: member, stream: $0) }
            func flush(_ index: Int) throws {
                guard !batches[index].changes.isEmpty else { return }
                let local = try Self.commit(
                    batches[index].changes, member: member, key: key, applier: applier, nowMillis: nowMillis, deferSearchIndex: true, in: db
                )
                // The budget counts the longest seq and clock, so this holds; checked before the transaction commits.
                guard local.commit.canonicalBytes.count <= Commit.maxBytes else {
                    throw ImportFile.Failure(description: "an import commit passed \(Commit.maxBytes) bytes; nothing was imported")
                }
                written += batches[index].changes.count
                report.commits += 1
                batches[index].reset()
                try hook.reach(.importBatchWritten)
                progress(written, total)
            }
            var classifier = ImportClassifier(member: member, authority: authority)
            try file.forEachDraft { result in
                guard case .success(let draft) = result,
                    case .write(let change, let operations, let stream, _) = try classifier.classify(draft, db)
                else { return }
                let index = stream == .public ? 0 : 1
                if !batches[index].add(change, operations) {
                    try flush(index)
                    guard batches[index].add(change, operations) else {
                        throw ImportFile.Failure(
                            description: "line \(draft.line): one record larger than a commit may be (\(Commit.maxBytes) bytes)")
                    }
                }
                if batches[index].changes.count >= Self.importBatch { try flush(index) }
            }
            try flush(0)
            try flush(1)
            // A file without records to write (a header, `[]`, rows unchanged) writes nothing, not even a rebuilt index.
            if report.commits > 0 { try CommitApplier.rebuildSearchIndex(db) }
            try hook.reach(.importBeforeCommit)
            return report
        }
        try hook.reach(.importAfterCommit)
        return report
    }

    /// The first reading: counts what each record would do, and refuses the file (unless
    /// `skipInvalid`) when any record is bad, before anything is written.
    private static func survey(
        _ file: ImportFile, member: MemberID, authority: Materializer.Authority, skipInvalid: Bool, _ db: Database
    ) throws -> ImportReport {
        var report = ImportReport()
        var classifier = ImportClassifier(member: member, authority: authority)
        try file.forEachDraft { result in
            let outcome: ImportClassifier.Outcome
            switch result {
            case .success(let draft): outcome = try classifier.classify(draft, db)
            case .failure(let error): outcome = .refused(error)
            }
            switch outcome {
            case .write(.create, _, _, _): report.created += 1
            case .write(_, _, _, proposal: true): report.proposed += 1
            case .write: report.updated += 1
            case .unchanged: report.unchanged += 1
            case .refused(let error):
                report.refused += 1
                if report.skipped.count < 100 { report.skipped.append(error) }
            }
        }
        if report.refused > 0 && !skipInvalid { throw ImportRefused(errors: report.skipped, count: report.refused) }
        return report
    }
}

/// Decides what one imported record does to the catalogue, through the same ``ChangePlanner``
/// as every local edit: create, update (a proposal where the member may not write), leave
/// unchanged, or refuse (an unknown or deleted record, an id twice in the file, a type that differs).
struct ImportClassifier {
    /// What a record does.
    enum Outcome {
        /// The change, its operations and stream, and whether any of them is only a proposal
        /// (the member may not write that part of the record).
        case write(RecordChange, [CatalogueOperation], CommitStream, proposal: Bool)
        case unchanged
        case refused(DraftError)
    }

    let member: MemberID
    let authority: Materializer.Authority
    private var seen: Set<RecordID> = []

    init(member: MemberID, authority: Materializer.Authority) {
        self.member = member
        self.authority = authority
    }

    mutating func classify(_ draft: RecordDraft, _ db: Database) throws -> Outcome {
        func refuse(_ message: String) -> Outcome { .refused(DraftError(line: draft.line, message: message)) }
        guard let id = draft.id else {
            let change = draft.change()
            do throws(AuthoringError) {
                let plan = try ChangePlanner.plan(change, by: member, view: nil)
                return .write(change, plan.operations, plan.stream, proposal: false)
            } catch {
                return refuse(error.description)
            }
        }
        guard seen.insert(id).inserted else { return refuse("record \(id) appears twice in the file") }
        guard let view = try CatalogueReader.view(id, db) else {
            return refuse("record \(id) is not in this catalogue: leave its id cell empty to import it as a new record")
        }
        guard view.type == draft.type else { return refuse("record \(id) is a \(view.type.rawValue), not a \(draft.type.rawValue)") }
        let change = draft.edit(of: view)
        do throws(AuthoringError) {
            let plan = try ChangePlanner.plan(change, by: member, view: view)
            if let exported = draft.exportedChange, view.lastChange.wallMillis > exported {
                return refuse(
                    "record \(id) changed after this file was exported (last change \(ExportStamp.text(view.lastChange.wallMillis)) "
                        + "by \(view.lastChangeBy), the file has \(ExportStamp.text(exported))): importing it would undo that change. "
                        + "Export again and redo your edits, or empty its updated cell to overwrite")
            }
            let partners = Set((view.sets["partners"] ?? []).compactMap { MemberID($0.value) })
            let proposal = plan.operations.contains {
                !authority.authorises(member, $0, owner: view.owner, type: view.type, partners: partners)
            }
            return .write(change, plan.operations, plan.stream, proposal: proposal)
        } catch .nothingToChange {
            return .unchanged
        } catch {
            return refuse(error.description)
        }
    }
}

/// The changes of one commit being filled during an import, and their measured size.
struct ImportBatch {
    private(set) var changes: [RecordChange] = []
    private var budget: CommitBudget

    init(origin: MemberID, stream: CommitStream) { budget = CommitBudget(origin: origin, stream: stream) }

    /// Adds `change` when its operations fit in the commit; `false` when they do not.
    mutating func add(_ change: RecordChange, _ operations: [CatalogueOperation]) -> Bool {
        guard budget.add(operations) else { return false }
        changes.append(change)
        return true
    }

    mutating func reset() {
        changes = []
        budget.reset()
    }
}
