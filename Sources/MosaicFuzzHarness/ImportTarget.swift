import Foundation
import MosaicCore
import MosaicStore

/// A CSV or JSON import file. The reader's verdict is counted first (records valid, records
/// refused, or the file refused); then the import either changes nothing (refused) or creates
/// exactly the valid records, in commits of at most ``NodeCatalogue/importBatch``. With
/// `--skip-invalid` a file with bad records imports exactly its good ones.
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
        let verdict = try await importing(file, skipInvalid: false, valid: valid, invalid: invalid, unreadable: unreadable, in: fixture)
        if unreadable == nil, invalid > 0, valid > 0 {
            return try await importing(file, skipInvalid: true, valid: valid, invalid: invalid, unreadable: nil, in: fixture)
        }
        return verdict
    }

    private static func importing(
        _ file: ImportFile, skipInvalid: Bool, valid: Int, invalid: Int, unreadable: String?, in fixture: FuzzFixture
    ) async throws -> FuzzVerdict {
        try await fixture.guarding { before in
            let report: ImportReport
            do {
                report = try await fixture.catalogue.importRecords(from: file, skipInvalid: skipInvalid)
            } catch let refused as ImportRefused {
                try require(unreadable == nil && !skipInvalid && invalid > 0, "refused an import the reader accepted: \(refused)")
                try require(refused.count == invalid, "refused \(refused.count) records where the reader found \(invalid) bad")
                return .rejected(refused.description)
            } catch let failure as ImportFile.Failure {
                try require(unreadable != nil, "the import could not read a file the reader read: \(failure)")
                return .rejected(failure.description)
            }
            try require(unreadable == nil, "imported a file the reader refused: \(unreadable ?? "")")
            try require(skipInvalid || invalid == 0, "imported a file with \(invalid) bad records without --skip-invalid")
            try require(report.imported == valid, "imported \(report.imported) records of \(valid) valid")
            try require(report.skipped.count == min(invalid, 100), "reported \(report.skipped.count) skipped of \(invalid)")
            let after = try await StoreSnapshot.take(fixture.catalogue)
            try require(
                after.added("record", since: before) == valid,
                "the record table grew by \(after.added("record", since: before)) for \(valid)")
            try require(
                after.added("commit_log", since: before) == report.commits,
                "the commit log grew by \(after.added("commit_log", since: before)) for \(report.commits) commits")
            try require(
                report.commits >= (valid + NodeCatalogue.importBatch - 1) / NodeCatalogue.importBatch,
                "\(valid) records in \(report.commits) commits")
            if valid == 0 {
                let contents = try await StoreSnapshot.take(fixture.catalogue, contents: true)
                try require(contents == before, "an import of no record changed the store:\n  before \(before)\n  after  \(contents)")
                return .rejected("no record")
            }
            return .applied
        }
    }
}
