import Foundation
import MosaicCore
import Testing

/// What the authoring path writes: NFC whatever the entry, field limits in bytes as well as
/// characters, and no commit larger than every node accepts.
@Suite struct TextLimitTests {
    let alice = MemberID("alice")!
    let title = RegisterKey(field: "title", lang: LanguageTag("fr")!)

    /// `count` distinct three-letter language tags: aaa, aab, …
    static func languages(_ count: Int) -> [LanguageTag] {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return (0..<count).map { index in
            let tag: String = "a" + String(letters[index / 26]) + String(letters[index % 26])
            return LanguageTag(tag)!
        }
    }

    func values(_ plan: ChangePlanner.Plan) -> [String] {
        plan.operations.compactMap { operation in
            switch operation {
            case .set(_, _, _, let value, _), .add(_, _, let value): value
            default: nil
            }
        }
    }

    /// Input typed decomposed (as macOS types it) is written composed: texts, set elements, one
    /// by one or as a replaced set, and the command-line form.
    @Test func everyValueIsWrittenInNFC() throws {
        let decomposed = "se\u{301}curite\u{301}"
        let parsed = try FieldAssignment.parse("themes=\(decomposed)|prote\u{301}ger")
        let plan = try ChangePlanner.plan(
            .create(
                type: .practice, nonce: "n-12345678",
                assignments: [.register(title, "Fiche \(decomposed)"), parsed, .add(field: "target_groups", value: decomposed)],
                isPrivate: false),
            by: alice, view: nil)
        let written = values(plan)
        #expect(written.contains("Fiche s\u{e9}curit\u{e9}"))
        #expect(written.contains("s\u{e9}curit\u{e9}"))
        #expect(written.contains("prot\u{e9}ger"))
        for value in written { #expect(NormalForm.isNFC(value), "\(value.unicodeScalars.map { $0.value })") }
        #expect(!NormalForm.isNFC(decomposed))
    }

    /// 18-zalgo-gen.py: a 2-character title of 400 KB, a 1-character tag of 200 KB and a
    /// 1-character contact of 100 KB are each refused, naming the field and both limits.
    @Test func zalgoValuesAreRefusedInBytes() {
        let cases: [(FieldAssignment, String, String)] = [
            (.register(title, "Z" + "a" + String(repeating: "\u{301}", count: 200_000)), "title", "300 characters and 1,200 bytes"),
            (
                .replaceSet(field: "themes", values: ["t" + String(repeating: "\u{300}", count: 100_000)]), "themes",
                "64 characters and 256 bytes"
            ),
            (
                .register(RegisterKey(field: "contact"), "c" + String(repeating: "\u{308}", count: 50_000)), "contact",
                "200 characters and 800 bytes"
            ),
        ]
        for (assignment, field, limit) in cases {
            let change = RecordChange.create(
                type: .practice, nonce: "n-12345678", assignments: [.register(title, "ok"), assignment], isPrivate: false)
            do {
                _ = try ChangePlanner.plan(change, by: alice, view: nil)
                Issue.record("\(field): a value of many bytes was accepted")
            } catch {
                let message = error.description
                #expect(message.contains("for \(field)") && message.contains(limit), "\(message)")
                #expect(message.utf8.count < 1_000, "the message repeats the value: \(message.utf8.count) bytes")
            }
        }
    }

    /// The limits hold at their edges: characters and bytes, with marks and four-byte letters.
    @Test func limitsHoldInCharactersAndBytes() {
        let spec = CatalogueSchema.fields["title"]!
        #expect(spec.isValid(String(repeating: "é", count: 300)))  // 600 bytes
        #expect(spec.isValid(String(repeating: "𝒜", count: 300)))  // 1,200 bytes: every scalar at its largest
        #expect(!spec.isValid(String(repeating: "𝒜", count: 301)))
        #expect(!spec.isValid(String(repeating: "e\u{301}\u{302}", count: 300)))  // 300 characters, 1,500 bytes
        #expect(spec.isValid(String(repeating: "e\u{301}", count: 300)))  // 900 bytes
        let tag = CatalogueSchema.fields["themes"]!
        #expect(tag.isValid(String(repeating: "ж", count: 64)))
        #expect(!tag.isValid(String(repeating: "ж", count: 65)))
        #expect(!tag.isValid("a" + String(repeating: "\u{300}", count: 200)))
        let link = CatalogueSchema.fields["links"]!
        #expect(!link.isValid("https://example.org/" + String(repeating: "\u{300}", count: 5000)))
    }

    /// A commit beyond what every node accepts is refused before it is signed, naming the record
    /// with the most bytes, the size and the limit; one within it is signed and decodes.
    @Test func anOversizedCommitIsNeverSigned() throws {
        let key = MemberSigningKey()
        let big = RecordID.derive(origin: alice, nonce: "big-record-1")
        let small = RecordID.derive(origin: alice, nonce: "small-record")
        let text = String(repeating: "𝒜", count: 20_000)  // 80,000 bytes
        var operations: [CatalogueOperation] = [
            .create(record: big, type: .practice, nonce: "big-record-1"), .create(record: small, type: .practice, nonce: "small-record"),
            .set(record: small, field: "title", lang: LanguageTag("fr")!, value: "petit", replaces: []),
        ]
        for language in Self.languages(110) {
            operations.append(.set(record: big, field: "description", lang: language, value: text, replaces: []))
        }
        let commit = Commit(
            origin: alice, stream: .public, seq: 1, hlc: HybridTimestamp(wallMillis: 1_764_000_000_000, counter: 0), operations: operations)
        #expect(commit.canonicalBytes.count > Commit.maxBytes)
        do {
            _ = try SignedCommit(checkedSigning: commit, with: key)
            Issue.record("a commit of \(commit.canonicalBytes.count) bytes was signed")
        } catch {
            guard case .commitTooLarge(let record, let records, let bytes, _) = error else { Issue.record("\(error)"); return }
            #expect(record == big && records == 2 && bytes == commit.canonicalBytes.count)
            #expect(error.description.contains(big.rawValue) && error.description.contains("\(Commit.maxBytes) bytes"))
        }
        let within = Commit(
            origin: alice, stream: .public, seq: 1, hlc: commit.hlc, operations: Array(operations.prefix(3 + 50)))
        let signed = try SignedCommit(checkedSigning: within, with: key)
        #expect(signed.bytes == within.canonicalBytes)
        #expect(try CommitDecoder.decode(signed.bytes) == within)
    }
}
