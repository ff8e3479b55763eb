import Foundation
import MosaicCore
import MosaicStore
import Testing

/// The real-world inputs of issue 12 (`cases/real-world-input/`) that concern text, imported as a
/// member would: 11-folding-pl.csv with its queries, 12-nfc-nfd-themes.csv (the theme composed,
/// then decomposed as macOS types it) and the JSON that 18-zalgo-gen.py writes.
@Suite struct RealWorldTextInputTests {
    let network = TestNetwork()

    func file(_ name: String, _ bytes: Data) throws -> ImportFile {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-real-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try bytes.write(to: URL(fileURLWithPath: path))
        return try ImportFile(path: path)
    }

    @Test func nfcAndNfdThemesImportAsOneTheme() async throws {
        let node = try network.node(TestNetwork.owner)
        let csv = "type,title.fr,themes\npractice,Fiche NFC,s\u{e9}curit\u{e9}\npractice,Fiche NFD,se\u{301}curite\u{301}\n"
        #expect(Data(csv.utf8).range(of: Data([0x65, 0xCC, 0x81])) != nil)  // the decomposed é is in the file
        try await node.importRecords(from: try file("12-nfc-nfd-themes.csv", Data(csv.utf8)), skipInvalid: false)
        let themes = try #require(try await node.facetCounts(query: nil, filter: RecordFilter())[.theme])
        #expect(themes.map { Array($0.value.utf8) } == [Array("s\u{e9}curit\u{e9}".utf8)] && themes.first?.count == 2)
        let page = try await node.listing(
            query: nil, filter: RecordFilter(theme: "se\u{301}curite\u{301}"), sort: .title, limit: 10, offset: 0)
        #expect(page.total == 2 && page.rows.count == 2)
    }

    @Test func polishQueriesFindTheRecord() async throws {
        let node = try network.node(TestNetwork.owner)
        let csv = "type,title.pl,themes\npractice,Telefon zaufania w Łodzi – Dajemy Dzieciom Siłę,folding\n"
        try await node.importRecords(from: try file("11-folding-pl.csv", Data(csv.utf8)), skipInvalid: false)
        for query in "lodzi\nsile\n".split(separator: "\n") {  // 11-folding-pl-queries.txt
            #expect(try await node.search(String(query)).count == 1, "\(query)")
        }
    }

    @Test func zalgoValuesAreRefusedNamingTheFieldAndTheLimit() async throws {
        let node = try network.node(TestNetwork.owner)
        let record: [String: Any] = [
            "type": "practice", "title": ["fr": "Z" + "a" + String(repeating: "\u{301}", count: 200_000)],
            "themes": ["t" + String(repeating: "\u{300}", count: 100_000)], "contact": "c" + String(repeating: "\u{308}", count: 50_000),
        ]
        let json = try JSONSerialization.data(withJSONObject: [record])
        #expect(json.count > 700_000)
        let before = try await node.fingerprint()
        await #expect {
            try await node.importRecords(from: try file("18-zalgo.json", json), skipInvalid: false)
        } throws: { error in
            guard let refused = error as? ImportRefused else { return false }
            let message = refused.errors.map(\.message).joined(separator: "\n")
            #expect(message.contains("1,200 bytes") || message.contains("256 bytes") || message.contains("800 bytes"), "\(message)")
            #expect(message.utf8.count < 2_000, "the message repeats the value: \(message.utf8.count) bytes")
            return true
        }
        #expect(try await node.fingerprint() == before)
    }
}
