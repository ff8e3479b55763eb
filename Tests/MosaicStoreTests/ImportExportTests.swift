import Foundation
import GRDB
import MosaicCore
import MosaicStore
import Testing

/// Import (CSV and JSON, all or nothing) and export, which an import reads back.
@Suite struct ImportExportTests {
    let network = TestNetwork()

    func file(_ name: String, _ text: String) throws -> ImportFile {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try ImportFile(path: path)
    }

    let csv = """
        type,title.fr,title.en,themes,countries,year,summary.fr
        practice,Formation ReACT,ReACT training,training|trafficking,BE,2024,"Former 40 travailleurs, avec ""ReACT""
        sur deux lignes"
        project,Échange Est-Ouest,East meets West,eu-funding,AT|KZ,,
        """

    @Test func csvImportsEveryRecordWithQuotedMultilineCells() async throws {
        let node = try network.node(TestNetwork.owner)
        let report = try await node.importRecords(from: try file("records.csv", csv), skipInvalid: false)
        #expect(report.imported == 2 && report.commits == 1)
        let training = try #require(try await node.search("ReACT").first)
        #expect(
            training.value(RegisterKey(field: "summary", lang: LanguageTag("fr")!))
                == "Former 40 travailleurs, avec \"ReACT\"\nsur deux lignes")
        #expect(training.values("themes") == ["trafficking", "training"])
        #expect(try await node.list(RecordFilter(type: .project)).first?.values("countries") == ["AT", "KZ"])
    }

    /// Found by the csv-import fuzz target (Tests/Fuzz/regressions/csv-import/crash-header-only-no-record):
    /// an import without records used to rebuild the whole full-text index.
    @Test(arguments: [("empty.csv", "type,title.fr\n"), ("empty.json", "[]")])
    func aFileWithoutRecordsWritesNothing(_ name: String, _ text: String) async throws {
        let node = try network.node(TestNetwork.owner)
        try await node.importRecords(from: try file("records.csv", csv), skipInvalid: false)
        let changes = { try await node.store.writer.read { db in try Int.fetchOne(db, sql: "SELECT total_changes()") } }
        let before = try await changes()
        let report = try await node.importRecords(from: try file(name, text), skipInvalid: false)
        #expect(report.imported == 0 && report.commits == 0)
        #expect(try await changes() == before)
    }

    @Test func aBadRowIsReportedWithItsLineAndNothingIsImported() async throws {
        let node = try network.node(TestNetwork.owner)
        let bad = csv + "\npractice,Fiche,,training,XX,2024,\nproject,,,,,,\n"
        let before = try await node.fingerprint()
        await #expect {
            try await node.importRecords(from: try file("records.csv", bad), skipInvalid: false)
        } throws: { error in
            guard let refused = error as? ImportRefused else { return false }
            #expect(refused.count == 2)
            #expect(refused.errors.map(\.line) == [5, 6])
            #expect(refused.errors[0].message.contains("countries: 'XX' is not valid"))
            #expect(refused.errors[1].message.contains("needs a title"))
            return true
        }
        #expect(try await node.fingerprint() == before)
        let report = try await node.importRecords(from: try file("records.csv", bad), skipInvalid: true)
        #expect(report.imported == 2 && report.skipped.count == 2)
    }

    @Test func jsonImportReportsLinesAndUnknownFields() async throws {
        let node = try network.node(TestNetwork.owner)
        let json = """
            [
              {"type": "practice", "title": {"fr": "Formation"}, "year": 2024},
              {"type": "practice",
               "titel": {"fr": "Faute de frappe"}}
            ]
            """
        await #expect {
            try await node.importRecords(from: try file("records.json", json), skipInvalid: false)
        } throws: { error in
            guard let refused = error as? ImportRefused else { return false }
            #expect(refused.errors.map(\.line) == [3])
            #expect(refused.errors[0].message.contains("unknown field 'titel' for a practice; did you mean 'title'?"))
            return true
        }
        #expect(try await node.list().isEmpty)
    }

    @Test func exportThenImportGivesTheSameRecords() async throws {
        let node = try network.node(TestNetwork.owner)
        let sample = try String(contentsOfFile: RepositoryFiles.path("Config/demo/catalogue/ecpat-be.json"), encoding: .utf8)
        let report = try await node.importRecords(from: try file("ecpat-be.json", sample), skipInvalid: false)
        #expect(report.imported >= 8)
        let views = try await node.list(limit: 1000)
        // Into another catalogue, as new records: without the ids, which name records of this one.
        let exported =
            "[\n"
            + views.map {
                String(
                    decoding: JSONValue.object(RecordExport.json($0).objectValue!.filter { $0.key != "id" }).canonicalBytes, as: UTF8.self)
            }
            .joined(separator: ",\n") + "\n]\n"
        let header = RecordExport.csvHeader(for: views).filter { $0 != "id" }
        let exportedCSV = CSVWriter.row(header) + views.map { CSVWriter.row(RecordExport.csvRow($0, header: header)) }.joined()
        for (name, text) in [("again.json", exported), ("again.csv", exportedCSV)] {
            let copy = try network.node(TestNetwork.member)
            _ = try await copy.importRecords(from: try file(name, text), skipInvalid: false)
            let copied = try await copy.list(limit: 1000)
            #expect(
                copied.map { RecordExport.json($0).objectValue!.filter { !["id", "owner", "updated"].contains($0.key) } }
                    == views.map { RecordExport.json($0).objectValue!.filter { !["id", "owner", "updated"].contains($0.key) } }, "\(name)")
        }
    }

    @Test func csvInjectionIsNeutralisedAndReadBack() async throws {
        let node = try network.node(TestNetwork.owner)
        try await node.commit([
            .create(type: .practice, nonce: "csv-inject-1", assignments: try assign("title.fr==HYPERLINK(\"http://x\")"), isPrivate: false)
        ])
        let views = try await node.list()
        let header = RecordExport.csvHeader(for: views).filter { $0 != "id" }
        let row = CSVWriter.row(RecordExport.csvRow(views[0], header: header))
        #expect(row.contains("\"'=HYPERLINK"))
        let copy = try network.node(TestNetwork.member)
        _ = try await copy.importRecords(from: try file("x.csv", CSVWriter.row(header) + row), skipInvalid: false)
        #expect(try await copy.list().first?.value(RegisterKey(field: "title", lang: LanguageTag("fr")!)) == "=HYPERLINK(\"http://x\")")
    }
}

/// Paths inside the repository, found from this source file.
enum RepositoryFiles {
    static func path(_ relative: String, file: String = #filePath) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(relative).path
    }
}
