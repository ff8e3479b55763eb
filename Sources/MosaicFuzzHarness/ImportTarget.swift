import Foundation
import MosaicCore
import MosaicStore

/// A CSV or JSON import file. The reader's verdict is counted first (records valid, records
/// refused, or the file refused), then a dry run classifies every record against the catalogue
/// (created, updated, unchanged, refused) and must write nothing; then the import either changes
/// nothing (refused) or does exactly what the dry run said, in commits of at most
/// ``NodeCatalogue/importBatch`` records. With `--skip-invalid` a file with bad records imports
/// exactly its good ones.
enum ImportTarget {
    static func run(_ bytes: [UInt8], format: ImportFile.Format, in fixture: FuzzFixture) async throws -> FuzzVerdict {
        let path = try fixture.write(bytes, to: "import.\(format.rawValue)")
        let file = try ImportFile(path: path)
        var valid = 0, invalid = 0
        var unreadable: String?
        do {
            try file.forEachDraft { result in
                if case .success = result { valid += 1 } else { invalid += 1 }
            }
        } catch let failure as ImportFile.Failure {
            unreadable = failure.description
        }
        var plan: ImportReport?
        if unreadable == nil {
            _ = try await fixture.reading {
                plan = try await fixture.catalogue.importRecords(from: file, skipInvalid: true, dryRun: true)
                return .applied
            }
        }
        if let plan {
            try require(
                plan.created + plan.updated + plan.unchanged + plan.refused == valid + invalid,
                "the dry run counted \(plan.created)+\(plan.updated)+\(plan.unchanged)+\(plan.refused) records of \(valid + invalid)")
            try require(plan.refused >= invalid, "the dry run refused \(plan.refused) records where the reader found \(invalid) bad")
            try require(plan.commits == 0, "a dry run made \(plan.commits) commits")
        }
        let verdict = try await importing(file, skipInvalid: false, plan: plan, unreadable: unreadable, in: fixture)
        if let plan, plan.refused > 0, plan.imported + plan.unchanged > 0 {
            return try await importing(file, skipInvalid: true, plan: plan, unreadable: nil, in: fixture)
        }
        return verdict
    }

    private static func importing(
        _ file: ImportFile, skipInvalid: Bool, plan: ImportReport?, unreadable: String?, in fixture: FuzzFixture
    ) async throws -> FuzzVerdict {
        try await fixture.guarding { before in
            let report: ImportReport
            do {
                report = try await fixture.catalogue.importRecords(from: file, skipInvalid: skipInvalid)
            } catch let refused as ImportRefused {
                let bad = plan?.refused ?? 0
                try require(unreadable == nil && !skipInvalid && bad > 0, "refused an import the dry run accepted: \(refused)")
                try require(refused.count == bad, "refused \(refused.count) records where the dry run refused \(bad)")
                return .rejected(refused.description)
            } catch let failure as ImportFile.Failure {
                try require(unreadable != nil, "the import could not read a file the reader read: \(failure)")
                return .rejected(failure.description)
            }
            try require(plan != nil, "imported a file the reader refused: \(unreadable ?? "")")
            let plan = plan!
            try require(skipInvalid || plan.refused == 0, "imported a file with \(plan.refused) bad records without --skip-invalid")
            try require(
                report.created == plan.created && report.updated == plan.updated && report.unchanged == plan.unchanged,
                "imported \(report.created)/\(report.updated)/\(report.unchanged) where the dry run said \(plan.created)/\(plan.updated)/\(plan.unchanged)"
            )
            let after = try await StoreSnapshot.take(fixture.catalogue)
            try require(
                after.added("record", since: before) == report.created,
                "the record table grew by \(after.added("record", since: before)) for \(report.created) created")
            try require(
                after.added("commit_log", since: before) == report.commits,
                "the commit log grew by \(after.added("commit_log", since: before)) for \(report.commits) commits")
            try require(
                report.commits >= (report.imported + NodeCatalogue.importBatch - 1) / NodeCatalogue.importBatch,
                "\(report.imported) records in \(report.commits) commits")
            if report.imported == 0 {
                let contents = try await StoreSnapshot.take(fixture.catalogue, contents: true)
                try require(contents == before, "an import of no record changed the store:\n  before \(before)\n  after  \(contents)")
                return .rejected("no record to write")
            }
            return .applied
        }
    }
}
