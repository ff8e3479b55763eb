import Foundation
import MosaicCore
import MosaicStore
import Testing

/// Files as spreadsheets really write them (issue 12; the inputs of
/// `shared/cases/real-world-input/`, byte for byte): each is imported as the user meant, or
/// refused with its line and the fix, changing nothing.
@Suite struct ImportSpreadsheetTests {
    let network = TestNetwork()
    let fr = LanguageTag("fr")!

    /// 04a-bom-type-first.csv: Excel "CSV UTF-8" starts with a byte order mark.
    static let bomTypeFirst: [UInt8] =
        [0xEF, 0xBB, 0xBF] + Array("type,title.fr,themes,countries\npractice,Atelier de repérage,training,BE\n".utf8)
    /// 05-excel-fr-semicolon.csv: French and German Excel separate with `;`.
    static let excelSemicolon = Array("type;title.fr;themes;countries\npractice;Atelier de repérage;training;BE\n".utf8)
    /// A TAB-separated file with CR line ends (old Mac exports), as a third kind.
    static let tabCR = Array("type\ttitle.fr\tthemes\tcountries\rpractice\tAtelier de repérage\ttraining\tBE\r".utf8)
    /// 06-cp1252.csv: Excel "CSV (comma delimited)" on Western Windows writes Windows-1252.
    static let cp1252: [UInt8] =
        Array("type,title.fr,themes,countries\r\npractice,Atelier de rep".utf8) + [0xE9] + Array("rage ".utf8) + [0x96, 0x20, 0xE9]
        + Array("l".utf8) + [0xE8] + Array("ves,training,BE\r\n".utf8)

    /// Excel writes trailing separators when cells right of the data were once touched.
    static let trailingSeparators = Array(
        "type;title.fr;themes;countries;;\r\npractice;Atelier de repérage;training;BE;;\r\n;;;;;\r\n".utf8)

    @Test(arguments: [("04a", bomTypeFirst), ("05", excelSemicolon), ("tab-cr", tabCR), ("trailing", trailingSeparators)])
    func spreadsheetDialectsImportAsMeant(_ name: String, _ bytes: [UInt8]) async throws {
        // setup
        let node = try network.node(TestNetwork.owner)
        // MUT
        let report = try await node.importRecords(from: try ImportFiles.write("\(name).csv", bytes), skipInvalid: false)
        // validate
        #expect(report.created == 1 && report.commits == 1)
        let record = try #require(try await node.list().first)
        #expect(record.value(RegisterKey(field: "title", lang: fr)) == "Atelier de repérage")
        #expect(record.values("themes") == ["training"] && record.values("countries") == ["BE"])
    }

    @Test func windows1252IsRefusedWithTheLineAndTheFixAndNothingIsWritten() async throws {
        let node = try network.node(TestNetwork.owner)
        let before = try await node.fingerprint()
        await #expect {
            try await node.importRecords(from: try ImportFiles.write("06.csv", Self.cp1252), skipInvalid: true)
        } throws: { error in
            let text = String(describing: error)
            return error is ImportFile.Failure && text.contains("line 2") && text.contains("not UTF-8")
                && text.contains("Windows-1252") && text.contains("CSV UTF-8")
        }
        #expect(try await node.fingerprint() == before)
    }

    /// A header in which no column is known is an error, never "Imported 0 records".
    @Test(arguments: [
        "nom,titre,thèmes\nfiche,Atelier,formation\n",  // another language's column names
        "Type|Title FR\npractice|Atelier\n",  // a separator import does not read
        "practice,Atelier de repérage,training\n",  // no header row at all
    ])
    func aHeaderWithNoKnownColumnIsRefused(_ text: String) async throws {
        let node = try network.node(TestNetwork.owner)
        await #expect {
            try await node.importRecords(from: try ImportFiles.write("x.csv", text), skipInvalid: true)
        } throws: { error in
            error is ImportFile.Failure && String(describing: error).contains("no column of the header is known")
        }
        #expect(try await node.list().isEmpty)
    }

    @Test func aJSONFileWithAByteOrderMarkImports() async throws {
        let node = try network.node(TestNetwork.owner)
        let json: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"[{"type": "practice", "title": {"fr": "Atelier de repérage"}}]"#.utf8)
        let report = try await node.importRecords(from: try ImportFiles.write("bom.json", json), skipInvalid: false)
        #expect(report.created == 1)
    }

    /// A JSON file (or API body) written on Windows or from a browser holds `\r\n` and `\r` inside
    /// its strings: read as the catalogue stores them, with LF line ends, never refused.
    @Test func windowsLineEndsInsideJSONStringsAreWrittenAsLF() async throws {
        let node = try network.node(TestNetwork.owner)
        let json = #"[{"type":"practice","title":{"fr":"Fin de ligne"},"description":{"fr":"alpha\r\nbeta\rgamma"}}]"#
        let report = try await node.importRecords(from: try ImportFiles.write("crlf.json", json + "\r\n"), skipInvalid: false)
        #expect(report.created == 1)
        let record = try #require(try await node.list().first)
        #expect(record.value(RegisterKey(field: "description", lang: fr)) == "alpha\nbeta\ngamma")
    }

    /// Only the number fields take a JSON number (as the API's OpenAPI schema says): a number for a
    /// text field is refused with the field's name, and nothing is written.
    @Test func aNumberForATextFieldIsRefusedAndForANumberFieldAccepted() async throws {
        let node = try network.node(TestNetwork.owner)
        let wrong = #"[{"type":"project","title":{"fr":"Projet"},"funding_programme":12}]"#
        await #expect {
            try await node.importRecords(from: try ImportFiles.write("number.json", wrong), skipInvalid: false)
        } throws: { "\($0)".contains("funding_programme: expected text") }
        #expect(try await node.list().isEmpty)
        let right = #"[{"type":"project","title":{"fr":"Projet"},"budget_eur":1000}]"#
        #expect(try await node.importRecords(from: try ImportFiles.write("budget.json", right), skipInvalid: false).created == 1)
    }

    @Test func aJSONFileInLatin1IsRefusedWithTheLineAndTheFix() async throws {
        let node = try network.node(TestNetwork.owner)
        let json: [UInt8] = Array("[\n{\"type\": \"practice\", \"title\": {\"fr\": \"rep".utf8) + [0xE9] + Array("rage\"}}]".utf8)
        await #expect {
            try await node.importRecords(from: try ImportFiles.write("latin1.json", json), skipInvalid: false)
        } throws: { error in
            guard let refused = error as? ImportRefused else { return false }
            return refused.errors.first?.line == 2 && refused.errors.first?.message.contains("save it as UTF-8") == true
        }
        #expect(try await node.list().isEmpty)
    }

    @Test func aJSONFileInUTF16IsRefused() async throws {
        let node = try network.node(TestNetwork.owner)
        let json: [UInt8] = [0xFF, 0xFE] + Array(#"[{"type": "practice"}]"#.utf8).flatMap { [$0, 0] }
        await #expect {
            try await node.importRecords(from: try ImportFiles.write("utf16.json", json), skipInvalid: false)
        } throws: { error in
            String(describing: error).contains("UTF-16")
        }
    }

    /// A file whose line ends were converted to CRLF keeps the line breaks inside its cells.
    @Test func lineBreaksInsideCellsAreReadAsTheCatalogueStoresThem() async throws {
        let node = try network.node(TestNetwork.owner)
        let text = "type,title.fr,summary.fr\r\npractice,Atelier,\"one\r\ntwo\rthree\"\r\n"
        _ = try await node.importRecords(from: try ImportFiles.write("crlf.csv", text), skipInvalid: false)
        #expect(try await node.list().first?.value(RegisterKey(field: "summary", lang: fr)) == "one\ntwo\nthree")
    }

    /// 09-formula-cells.csv: cells a spreadsheet would run. Imported, exported with the guard,
    /// and imported again: the same values, and on the same node nothing changes.
    @Test func formulaCellsAreGuardedOnExportAndReadBackExactly() async throws {
        let input = """
            type,title.fr,title.en,summary.fr,summary.en,themes\r
            practice,=1+1,"\t=1+1",＝SUM(1;1),"'=kept apostrophe",x\r
            practice,"'-- citation",+33 1 23 45 67 89,@mention,-5 ans,y\r

            """
        let node = try network.node(TestNetwork.owner)
        let report = try await node.importRecords(from: try ImportFiles.write("09.csv", input), skipInvalid: false)
        #expect(report.created == 2)
        let views = try await node.list()
        let titles = Set(views.compactMap { $0.value(RegisterKey(field: "title", lang: fr)) })
        // A leading apostrophe before a formula start is the spreadsheet's "text" mark, and is read as such.
        #expect(titles == ["=1+1", "-- citation"])
        let exported = RecordExport.csv(views)
        for line in exported.split(separator: "\r\n").dropFirst() {
            for cell in line.split(separator: ",", omittingEmptySubsequences: false) {
                let text = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                #expect(text.unicodeScalars.first.map { !"=+-@\t\r\n＝＋－＠".unicodeScalars.contains($0) } ?? true, "unguarded: \(cell)")
            }
        }
        // Into another catalogue as new records, without the ids of this one.
        let header = RecordExport.csvHeader(for: views).filter { $0 != "id" }
        let copyFile = CSVWriter.row(header) + views.map { CSVWriter.row(RecordExport.csvRow($0, header: header)) }.joined()
        let copy = try network.node(TestNetwork.member)
        _ = try await copy.importRecords(from: try ImportFiles.write("again.csv", copyFile), skipInvalid: false)
        let copied = try await copy.list()
        #expect(
            Set(copied.map { RecordExport.json($0).objectValue!.filter { !["id", "owner", "updated"].contains($0.key) } })
                == Set(views.map { RecordExport.json($0).objectValue!.filter { !["id", "owner", "updated"].contains($0.key) } }))
        let digest = try await node.digest()
        let again = try await node.importRecords(from: try ImportFiles.write("same.csv", exported), skipInvalid: false)
        #expect(again.unchanged == 2 && again.created == 0 && again.updated == 0 && again.commits == 0)
        #expect(try await node.digest() == digest)
    }
}
