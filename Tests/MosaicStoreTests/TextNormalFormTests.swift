import Foundation
import GRDB
import MosaicCore
import Testing

@testable import MosaicStore

/// Canonically equivalent text is one: a theme typed composed on one node and decomposed on
/// another (12-nfc-nfd-themes.csv) is one facet value, one filter, one count and one search,
/// while the peer's signed bytes stay as they were; search folds letters that do not decompose
/// (11-folding-pl.csv with 11-folding-pl-queries.txt).
@Suite struct TextNormalFormTests {
    let network = TestNetwork()
    static let composed = "s\u{e9}curit\u{e9}"
    static let decomposed = "se\u{301}curite\u{301}"

    /// A commit signed by `origin` as an older node (or another tool) may write it: a practice
    /// with a decomposed theme, never normalised by anyone.
    func peerCommit(_ origin: MemberID, title: String, theme: String) -> SignedCommit {
        let nonce = "peer-nonce-\(origin.rawValue)"
        let record = RecordID.derive(origin: origin, nonce: nonce)
        let commit = Commit(
            origin: origin, stream: .public, seq: 1, hlc: HybridTimestamp(wallMillis: 1_763_999_000_000, counter: 0),
            operations: [
                .create(record: record, type: .practice, nonce: nonce),
                .set(record: record, field: "title", lang: LanguageTag("fr")!, value: title, replaces: []),
                .add(record: record, field: "themes", value: theme),
                .set(record: record, field: "visibility", lang: nil, value: "network", replaces: []),
            ])
        return SignedCommit(signing: commit, with: TestNetwork.key(origin))
    }

    /// Two practices, the theme composed by this node (from a decomposed entry, as the CSV has it)
    /// and decomposed by a peer.
    func twoOrigins() async throws -> (NodeCatalogue, SignedCommit) {
        let node = try network.node(TestNetwork.owner)
        try await node.commit([
            .create(
                type: .practice, nonce: "nfc-nonce-1",
                assignments: [try FieldAssignment.parse("title.fr=Fiche NFC"), try FieldAssignment.parse("themes=\(Self.decomposed)")],
                isPrivate: false)
        ])
        let peer = peerCommit(TestNetwork.member, title: "Fiche NFD", theme: Self.decomposed)
        try await node.apply([peer], relay: TestNetwork.member)
        return (node, peer)
    }

    @Test func equivalentThemesAreOneFacetFilterAndCount() async throws {
        let (node, peer) = try await twoOrigins()
        for typed in [Self.composed, Self.decomposed] {
            let filter = RecordFilter(theme: typed)
            let total = try await node.listing(query: nil, filter: filter, sort: .title, limit: 100, offset: 0).total
            var paged: [String] = []
            for offset in 0..<3 {
                paged += try await node.listing(query: nil, filter: filter, sort: .title, limit: 1, offset: offset).views.map(\.id.rawValue)
            }
            #expect(
                total == 2 && Set(paged).count == 2 && paged.count == 2,
                "\(typed.unicodeScalars.count) scalars: total \(total ?? -1), paged \(paged)")
            #expect(try await node.list(filter).count == 2)
        }
        let themes = try await node.facetCounts(query: nil, filter: RecordFilter())[.theme] ?? []
        #expect(themes.count == 1)
        #expect(themes.first.map { Array($0.value.utf8) } == Array(Self.composed.utf8) && themes.first?.count == 2)
        #expect(try await node.search("securite").count == 2)
        #expect(try await node.search(Self.decomposed).count == 2)
        // The peer's commit is kept and relayed byte for byte.
        let held = try await node.commits(after: VersionVector(), limit: 10).commits
        #expect(held.contains(peer))
    }

    /// What this node writes is NFC whatever the entry; removing a tag typed composed removes the
    /// peer's decomposed element too (they are one tag to a reader).
    @Test func thisNodeWritesNFCAndRemovesEquivalentTags() async throws {
        let (node, _) = try await twoOrigins()
        let mine = try #require(try await node.list(RecordFilter(member: TestNetwork.owner.rawValue)).first)
        #expect(mine.values("themes").map { Array($0.utf8) } == [Array(Self.composed.utf8)])
        let own = try await node.commits(after: VersionVector(), limit: 10).commits.filter {
            (try? CommitDecoder.decode($0.bytes))?.origin == TestNetwork.owner
        }
        #expect(!own.isEmpty)
        for commit in own {
            // No combining acute (U+0301, bytes CC 81) in what this node signed: the theme went in composed.
            #expect(!zip(commit.bytes, commit.bytes.dropFirst()).contains { $0 == (0xCC, 0x81) })
            #expect(NormalForm.isNFC(String(decoding: commit.bytes, as: UTF8.self)))
        }

        // A coordinator's node edits the peer's record: removing the composed tag removes the decomposed one.
        let coordinator = try network.node(TestNetwork.coordinator)
        try await node.push(to: coordinator)
        let peers = try #require(try await coordinator.list(RecordFilter(member: TestNetwork.member.rawValue)).first)
        try await coordinator.commit([.edit(peers.id, [.remove(field: "themes", value: Self.composed)])])
        #expect(try await coordinator.record(peers.id)?.values("themes") == [])
        #expect(try await coordinator.list(RecordFilter(theme: Self.composed)).count == 1)
    }

    /// 11-folding-pl.csv and its queries: letters that do not decompose are found without their stroke.
    /// Every browser sends a `<textarea>` with CR LF line ends, Windows tools write CR LF and old
    /// Mac files a lone CR: each is one LF in what this node writes (never a refusal), whatever the
    /// entry (CLI, form, API, import, a conflict resolution all plan through the same change).
    @Test func lineEndsFromBrowsersAndWindowsAreWrittenAsLF() async throws {
        let node = try network.node(TestNetwork.owner)
        for (index, typed) in ["first line\r\nsecond line", "first line\rsecond line", "first line\nsecond line"].enumerated() {
            let made = try await node.commit([
                .create(
                    type: .practice, nonce: "line-ends-\(index)",
                    assignments: [
                        .register(RegisterKey(field: "title", lang: LanguageTag("en")), "Line ends \(index)"),
                        .register(RegisterKey(field: "description", lang: LanguageTag("en")), typed),
                    ], isPrivate: false)
            ])
            let id = try #require(made.created.first)
            let view = try #require(try await node.record(id))
            #expect(view.value(RegisterKey(field: "description", lang: LanguageTag("en"))) == "first line\nsecond line")
        }
    }

    /// A refused value is quoted with its control characters escaped, never raw on the terminal.
    @Test func refusalsQuoteControlCharactersEscaped() {
        #expect(Excerpt.of("a\u{1B}[2Jb\r\n") == "a\\u{1B}[2Jb\\r\\n")
        #expect(Excerpt.of(String(repeating: "x", count: 70)).hasSuffix("… (70 bytes)"))
    }

    @Test func polishLettersAreFoundWithoutTheirStroke() async throws {
        let node = try network.node(TestNetwork.owner)
        try await node.commit([
            .create(
                type: .practice, nonce: "folding-pl-1",
                assignments: [
                    try FieldAssignment.parse("title.pl=Telefon zaufania w Łodzi – Dajemy Dzieciom Siłę"),
                    try FieldAssignment.parse("themes=folding"),
                ], isPrivate: false)
        ])
        for query in ["lodzi", "sile", "Łodzi", "SIŁĘ", "dzieciom sile", "lodz"] {
            #expect(try await node.search(query).count == 1, "\(query)")
        }
        #expect(try await node.search("lodka").isEmpty)
    }

    /// Through the index, the folding's choices hold: `ё` is found by `е`, Kazakh `қ` by `к`, and
    /// `й` stays a letter of its own (the tokenizer removes no diacritic behind the folding's back).
    @Test func cyrillicChoicesHoldThroughTheIndex() async throws {
        let node = try network.node(TestNetwork.owner)
        try await node.commit([
            .create(
                type: .practice, nonce: "folding-ru-1",
                assignments: [try FieldAssignment.parse("title.ru=Ёлка и йод"), try FieldAssignment.parse("title.kk=Балаларды қорғау")],
                isPrivate: false)
        ])
        for query in ["елка", "ЁЛКА", "йод", "коргау", "қорғау"] { #expect(try await node.search(query).count == 1, "\(query)") }
        #expect(try await node.search("иод").isEmpty)
    }

    /// A store made before the folding (search text as written, the old tokenizer, decomposed facet
    /// values) is brought to the new form by its migrations.
    @Test func anOlderStoreIsFoldedAndNormalisedByItsMigrations() throws {
        let queue = try DatabaseQueue()
        try StoreMigrations.migrator.migrate(queue, upTo: "v5-record-touched")
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO record (rowid, id, type, state, search_text, ops) VALUES (1, 'r1', 'practice', 'alive', ?, x'')",
                arguments: ["Telefon w Łodzi\n\(Self.decomposed)"])
            try db.execute(sql: "INSERT INTO record_search(record_search) VALUES('rebuild')")
            try db.execute(
                sql: "INSERT INTO record_facet (facet, value, record) VALUES ('theme', ?, 1), ('theme', ?, 1)",
                arguments: [Self.decomposed, Self.composed])
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record_search WHERE record_search MATCH '\"lodzi\"*'") == 0)
        }
        try StoreMigrations.migrator.migrate(queue)
        try queue.read { db in
            #expect(try String.fetchOne(db, sql: "SELECT search_text FROM record") == "telefon w lodzi\nsecurite")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record_search WHERE record_search MATCH '\"lodzi\"*'") == 1)
            let values = try String.fetchAll(db, sql: "SELECT value FROM record_facet").map { Array($0.utf8) }
            #expect(values == [Array(Self.composed.utf8)])
        }
    }
}
