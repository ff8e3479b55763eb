import Foundation
import MosaicCore
import Testing

/// Commits: canonical bytes, signatures, and every way a commit is refused.
@Suite struct CommitTests {
    let alice = MemberID("alice")!
    let key = MemberSigningKey()

    var directory: MemberDirectory {
        MemberDirectory([
            Member(
                id: alice, name: "Alice", country: CountryCode("BE")!, languages: [], endpoint: nil, publicKey: key.publicKey, role: .member
            )
        ])
    }

    func sampleCommit(seq: Int64 = 1) -> Commit {
        let nonce = "nonce-\(seq)-abcdef"
        let record = RecordID.derive(origin: alice, nonce: nonce)
        return Commit(
            origin: alice, stream: .public, seq: seq, hlc: HybridTimestamp(wallMillis: 1_700_000_000_000, counter: 2),
            operations: [
                .create(record: record, type: .practice, nonce: nonce),
                .set(record: record, field: "title", lang: LanguageTag("fr")!, value: "Protection de l'enfance", replaces: []),
                .add(record: record, field: "themes", value: "trafficking"),
            ])
    }

    @Test func signedCommitVerifiesAndDecodesToTheSameCommit() throws {
        let signed = SignedCommit(signing: sampleCommit(), with: key)
        #expect(try signed.verified(by: directory) == sampleCommit())
        let wire = try #require(SignedCommit(json: try JSONParser.parse(signed.json.canonicalBytes)))
        #expect(wire == signed)
    }

    @Test func alteredByteIsRefused() {
        let signed = SignedCommit(signing: sampleCommit(), with: key)
        var bytes = signed.bytes
        let index = bytes.firstIndex(of: UInt8(ascii: "P"))!
        bytes[index] = UInt8(ascii: "p")
        #expect(throws: CommitError.badSignature(origin: "alice", seq: 1)) {
            try SignedCommit(bytes: bytes, signature: signed.signature).verified(by: directory)
        }
    }

    @Test func wrongKeyIsRefused() {
        let forged = SignedCommit(signing: sampleCommit(), with: MemberSigningKey())
        #expect(throws: CommitError.badSignature(origin: "alice", seq: 1)) { try forged.verified(by: directory) }
    }

    @Test func unknownOriginIsHeldBack() {
        let signed = SignedCommit(signing: sampleCommit(), with: key)
        #expect(throws: CommitError.unknownOrigin("alice")) { try signed.verified(by: MemberDirectory([])) }
    }

    @Test func reencodedCommitIsNotCanonical() throws {
        // Same content, keys reordered and a space added: a relay re-encoding it is caught.
        let text = String(decoding: sampleCommit().canonicalBytes, as: UTF8.self).replacingOccurrences(of: #","v":1}"#, with: #", "v":1}"#)
        let resigned = SignedCommit(
            bytes: Array(text.utf8), signature: key.signature(for: SignedCommit.signingInput(for: Array(text.utf8))))
        #expect(throws: CommitError.notCanonical(origin: "alice", seq: 1)) { try resigned.verified(by: directory) }
    }

    @Test func duplicateJSONKeysAreMalformed() {
        let text = String(decoding: sampleCommit().canonicalBytes, as: UTF8.self).replacingOccurrences(
            of: #""seq":1"#, with: #""seq":1,"seq":2"#)
        #expect(throws: CommitError.self) { try CommitDecoder.decode(Array(text.utf8)) }
    }

    @Test func createUnderSomeoneElsesIdIsRefused() {
        let bob = MemberID("bob")!
        let nonce = "stolen-nonce-1"
        let commit = Commit(
            origin: alice, stream: .public, seq: 1, hlc: HybridTimestamp(wallMillis: 1, counter: 0),
            operations: [.create(record: RecordID.derive(origin: bob, nonce: nonce), type: .practice, nonce: nonce)])
        #expect(throws: CommitError.self) { try CommitDecoder.decode(commit.canonicalBytes) }
    }

    @Test func invalidValuesAreRefused() {
        let record = RecordID.derive(origin: alice, nonce: "nonce-1-abcdef")
        for operation in [
            CatalogueOperation.set(record: record, field: "year", lang: nil, value: "1850", replaces: []),
            .set(record: record, field: "title", lang: nil, value: "no language", replaces: []),
            .add(record: record, field: "countries", value: "XX"),
            .set(record: record, field: "nonsense", lang: nil, value: "x", replaces: []),
            .set(record: record, field: "visibility", lang: nil, value: "private", replaces: []),
        ] {
            let commit = Commit(
                origin: alice, stream: .public, seq: 1, hlc: HybridTimestamp(wallMillis: 1, counter: 0), operations: [operation])
            #expect(throws: CommitError.self, "\(operation)") { try CommitDecoder.decode(commit.canonicalBytes) }
        }
    }

    @Test func writeIDsRoundTrip() {
        for text in ["alice:3:0", "alice:local:12:4"] { #expect(WriteID(text)?.description == text) }
        for text in ["alice:0:0", "alice:3", "Alice:3:0", "alice:local:3", "alice:03:0", "alice:3:-1"] { #expect(WriteID(text) == nil) }
    }

    @Test func recordIDsAreVersion8UUIDs() {
        let id = RecordID.derive(origin: alice, nonce: "abc12345")
        #expect(id.rawValue.count == 36)
        #expect(Array(id.rawValue)[14] == "8")
        #expect(RecordID(id.rawValue) == id)
        #expect(RecordID(id.rawValue.uppercased()) == nil)
        #expect(RecordID.derive(origin: alice, nonce: "abc12345") == id)
    }
}
