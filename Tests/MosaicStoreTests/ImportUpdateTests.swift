import Foundation
import MosaicCore
import MosaicStore
import Testing

/// An import knows the records it already has (issue 12, point 2): a row with an `id` updates
/// that record, as a proposal where this member may not write it, or leaves it unchanged; it
/// never makes a copy. Exporting and importing again leaves the digest unchanged.
@Suite struct ImportUpdateTests {
    let network = TestNetwork()
    let fr = LanguageTag("fr")!

    func nodeWithDemoRecords() async throws -> NodeCatalogue {
        let node = try network.node(TestNetwork.owner)
        let sample = try String(contentsOfFile: RepositoryFiles.path("Config/demo/catalogue/ecpat-be.json"), encoding: .utf8)
        _ = try await node.importRecords(from: try ImportFiles.write("ecpat-be.json", sample), skipInvalid: false)
        return node
    }

    /// 08-reimport-roundtrip.sh: export then import again on the same node.
    @Test(arguments: ["csv", "json"])
    func exportThenImportLeavesTheDigestUnchanged(_ format: String) async throws {
        // setup
        let node = try await nodeWithDemoRecords()
        let views = try await node.list(limit: 1000)
        let export = format == "csv" ? RecordExport.csv(views) : RecordExport.jsonArray(views)
        let digest = try await node.digest()
        let fingerprint = try await node.fingerprint()
        // MUT
        let report = try await node.importRecords(from: try ImportFiles.write("again.\(format)", export), skipInvalid: false)
        // validate
        #expect(views.count >= 8)
        #expect(report.created == 0 && report.updated == 0 && report.unchanged == views.count && report.commits == 0)
        #expect(try await node.digest() == digest)
        #expect(try await node.fingerprint() == fingerprint)
    }

    @Test func aChangedRowUpdatesItsRecordAndAnEmptyCellClearsItsField() async throws {
        let node = try network.node(TestNetwork.owner)
        try await node.commit([
            .create(
                type: .practice, nonce: "import-update-1",
                assignments: try assign("title.fr=Atelier", "summary.fr=Ancien résumé", "themes=training|trafficking"), isPrivate: false)
        ])
        let view = try #require(try await node.list().first)
        let csv = """
            id,type,title.fr,summary.fr,themes
            \(view.id),practice,Atelier de repérage,,training|schools

            """
        let dry = try await node.importRecords(from: try ImportFiles.write("edit.csv", csv), skipInvalid: false, dryRun: true)
        #expect(dry.updated == 1 && dry.created == 0 && dry.commits == 0)
        #expect(try await node.record(view.id)?.value(RegisterKey(field: "title", lang: fr)) == "Atelier")
        let report = try await node.importRecords(from: try ImportFiles.write("edit.csv", csv), skipInvalid: false)
        #expect(report.updated == 1 && report.created == 0 && report.commits == 1)
        let after = try #require(try await node.record(view.id))
        #expect(after.value(RegisterKey(field: "title", lang: fr)) == "Atelier de repérage")
        #expect(after.value(RegisterKey(field: "summary", lang: fr)) == nil)
        #expect(after.values("themes") == ["schools", "training"])
        #expect(try await node.list().count == 1)
    }

    @Test func aMemberWhoMayNotWriteTheRecordMakesAProposal() async throws {
        let owner = try network.node(TestNetwork.owner)
        let member = try network.node(TestNetwork.member)
        try await owner.commit([
            .create(type: .practice, nonce: "import-proposal-1", assignments: try assign("title.fr=Atelier"), isPrivate: false)
        ])
        try await owner.push(to: member)
        let id = try #require(try await member.list().first?.id)
        let csv = "id,type,title.fr\n\(id),practice,Atelier corrigé\n"
        let dryRun = try await member.importRecords(from: try ImportFiles.write("p.csv", csv), skipInvalid: false, dryRun: true)
        #expect(dryRun.proposed == 1 && dryRun.updated == 0)
        let report = try await member.importRecords(from: try ImportFiles.write("p.csv", csv), skipInvalid: false)
        #expect(report.proposed == 1 && report.updated == 0 && report.imported == 1)
        let view = try #require(try await member.record(id))
        #expect(view.value(RegisterKey(field: "title", lang: fr)) == "Atelier")
        #expect(view.proposals.count == 1)
        #expect(try await member.list().count == 1)
    }

    @Test func dryRunCountsWhatWouldBeCreatedUpdatedAndUnchangedAndWritesNothing() async throws {
        let node = try await nodeWithDemoRecords()
        let views = try await node.list(limit: 1000)
        var rows = RecordExport.csv(views)
        rows += CSVWriter.row([""] + RecordExport.csvRow(views[0], header: RecordExport.csvHeader(for: views)).dropFirst())
        let header = RecordExport.csvHeader(for: views)
        let titleColumn = try #require(header.firstIndex(of: "title.fr") ?? header.firstIndex(of: "title.en"))
        var changed = RecordExport.csvRow(views[1], header: header)
        changed[titleColumn] = "Titre changé"
        let lines = rows.components(separatedBy: "\r\n")
        let file =
            ([lines[0]] + [CSVWriter.row(changed).replacingOccurrences(of: "\r\n", with: "")]
            + lines[1...].filter {
                !$0.hasPrefix(views[1].id.rawValue)
            }).joined(separator: "\r\n")
        let before = try await node.fingerprint()
        let report = try await node.importRecords(from: try ImportFiles.write("mixed.csv", file), skipInvalid: false, dryRun: true)
        #expect(report.created == 1 && report.updated == 1 && report.unchanged == views.count - 1 && report.commits == 0)
        #expect(try await node.fingerprint() == before)
    }

    @Test(arguments: [
        ("id,type,title.fr\npractice-unknown-1,practice,X\n", "is not a record id"),
        ("id,type,title.fr\n00000000-0000-4000-8000-000000000000,practice,X\n", "not in this catalogue"),
    ])
    func anUnknownIdIsRefusedWithItsLine(_ csv: String, _ message: String) async throws {
        let node = try network.node(TestNetwork.owner)
        await #expect {
            try await node.importRecords(from: try ImportFiles.write("u.csv", csv), skipInvalid: false)
        } throws: { error in
            guard let refused = error as? ImportRefused else { return false }
            return refused.errors.first?.line == 2 && refused.errors.first?.message.contains(message) == true
        }
        #expect(try await node.list().isEmpty)
    }

    @Test func anIdTwiceInAFileIsRefused() async throws {
        let node = try network.node(TestNetwork.owner)
        try await node.commit([.create(type: .practice, nonce: "import-twice-1", assignments: try assign("title.fr=A"), isPrivate: false)])
        let id = try #require(try await node.list().first?.id)
        let csv = "id,type,title.fr\n\(id),practice,B\n\(id),practice,C\n"
        await #expect {
            try await node.importRecords(from: try ImportFiles.write("t.csv", csv), skipInvalid: false)
        } throws: { error in
            (error as? ImportRefused)?.errors.map(\.line) == [3]
        }
    }

    /// import(export(x)) == x for catalogue values: random titles and summaries (formula starts,
    /// leading apostrophes, quotes, separators, line breaks, any script) read back unchanged, so
    /// importing the export again changes nothing.
    @Test func randomValuesSurviveAnExportAndAnImport() async throws {
        // setup
        var random = SplitMix64(seed: 2026)
        let starts: [String] = ["", "'", "''", "=", "+", "-", "@", "\t", "\n", "＝", "＋", "－", "＠", "'=", "\"", ";", ","]
        let pieces: [String] = ["a", "é", "e\u{301}", "ł", "ё", "日本", "😀", "\"", ",", ";", "|", "\t", "\n", " ", "'", "=", "\u{FEFF}"]
        func text() -> String {
            random.pick(starts) + (0..<Int.random(in: 1...12, using: &random)).map { _ in random.pick(pieces) }.joined()
        }
        let node = try network.node(TestNetwork.owner)
        var titles: [String] = []
        for index in 0..<60 {
            let title = text(), summary = text()
            titles.append(title)
            try await node.commit([
                .create(
                    type: .practice, nonce: "import-random-\(index)",
                    assignments: [
                        .register(RegisterKey(field: "title", lang: fr), title),
                        .register(RegisterKey(field: "summary", lang: fr), summary),
                    ],
                    isPrivate: false)
            ])
        }
        let views = try await node.list(limit: 1000)
        let digest = try await node.digest()
        for format in ["csv", "json"] {
            // MUT
            let export = format == "csv" ? RecordExport.csv(views) : RecordExport.jsonArray(views)
            let report = try await node.importRecords(from: try ImportFiles.write("random.\(format)", export), skipInvalid: false)
            // validate: any value read back differently would be an update
            #expect(report.unchanged == 60 && report.updated == 0 && report.created == 0, "\(format)")
            #expect(try await node.digest() == digest, "\(format)")
        }
        #expect(Set(views.compactMap { $0.value(RegisterKey(field: "title", lang: fr)) }) == Set(titles))
    }
}
