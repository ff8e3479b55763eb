import Foundation
import MosaicCore
import MosaicStore
import Testing

/// An old export never silently undoes a newer change: a row whose record changed after the
/// export that wrote it (its `updated` cell) is refused with both times and the way out; emptying
/// the cell overwrites on purpose. Found by an outsider: an export, an edit synced from another
/// member, then the old file imported "1 updated" and put the old contact back.
@Suite struct StaleImportTests {
    let network = TestNetwork()

    /// The clock moves on before each later change: the `updated` stamp has millisecond
    /// resolution, so a change in the very millisecond of the exported one is not told apart.
    let clock = TestClock()

    func nodeWithOnePractice() async throws -> (NodeCatalogue, RecordView) {
        let node = try network.node(TestNetwork.owner, clock: clock)
        try await node.commit([
            .create(
                type: .practice, nonce: "stale-import-1", assignments: try assign("title.fr=Atelier", "contact=old@example.org"),
                isPrivate: false)
        ])
        return (node, try #require(try await node.list().first))
    }

    @Test(arguments: ["csv", "json"]) func aRowOfARecordChangedSinceTheExportIsRefused(_ format: String) async throws {
        // setup: export, then the record changes (a later clock), then the old file comes back.
        let (node, view) = try await nodeWithOnePractice()
        let export = format == "csv" ? RecordExport.csv([view]) : RecordExport.jsonArray([view])
        clock.advance(1500)
        try await node.commit([.edit(view.id, try assign("contact=new@example.org"))])
        let digest = try await node.digest()
        // MUT
        let refused = await #expect(throws: ImportRefused.self) {
            try await node.importRecords(from: try ImportFiles.write("old.\(format)", export), skipInvalid: false)
        }
        // validate
        let message = try #require(refused?.errors.first?.message)
        #expect(message.contains("record \(view.id) changed after this file was exported"), "\(message)")
        #expect(message.contains("the file has \(ExportStamp.text(view.lastChange.wallMillis))"))
        #expect(message.contains("empty its updated cell to overwrite"))
        #expect(try await node.digest() == digest)
        #expect(try await node.record(view.id)?.value(RegisterKey(field: "contact")) == "new@example.org")
    }

    @Test func anEmptyUpdatedCellOverwritesOnPurpose() async throws {
        let (node, view) = try await nodeWithOnePractice()
        let csv = "id,type,owner,updated,title.fr,contact\n\(view.id),practice,\(view.owner),,Atelier,old@example.org\n"
        clock.advance(1500)
        try await node.commit([.edit(view.id, try assign("contact=new@example.org"))])
        let report = try await node.importRecords(from: try ImportFiles.write("overwrite.csv", csv), skipInvalid: false)
        #expect(report.updated == 1)
        #expect(try await node.record(view.id)?.value(RegisterKey(field: "contact")) == "old@example.org")
    }

    @Test func aRowOfAnUnchangedRecordStillUpdatesIt() async throws {
        let (node, view) = try await nodeWithOnePractice()
        let stamp = ExportStamp.text(view.lastChange.wallMillis)
        let csv = "id,type,updated,title.fr,contact\n\(view.id),practice,\(stamp),Atelier,fixed@example.org\n"
        let report = try await node.importRecords(from: try ImportFiles.write("edit.csv", csv), skipInvalid: false)
        #expect(report.updated == 1)
    }

    @Test func theStampReadsWhatExportsWrote() throws {
        #expect(ExportStamp.text(1_764_495_701_512) == "2025-11-30T09:41:41.512Z")
        #expect(try ExportStamp.millis("2025-11-30T09:41:41.512Z", line: 2) == 1_764_495_701_512)
        #expect(try ExportStamp.millis("2025-11-30T09:41:41Z", line: 2) == 1_764_495_701_000)
        #expect(try ExportStamp.millis("1764495701512", line: 2) == 1_764_495_701_512)  // older exports: milliseconds
        #expect(try ExportStamp.millis("", line: 2) == nil)
        #expect(throws: DraftError.self) { try ExportStamp.millis("yesterday", line: 7) }
    }
}
