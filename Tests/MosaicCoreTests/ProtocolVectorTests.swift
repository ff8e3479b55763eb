import Foundation
import MosaicCore
import Testing

/// The test vectors of `docs/PROTOCOL.md` §13, read from the document and checked against the
/// code, so that the wire contract cannot drift from what nodes do.
@Suite struct ProtocolVectorTests {
    /// Every vector the document must hold; a block missing, renamed or added unchecked fails.
    static let names: Set<String> = [
        "test-key", "record-id", "canonical-json-input", "canonical-json-output", "canonical-json-output-hex",
        "commit-1-bytes", "commit-1-signature", "commit-1-wire", "commit-2-bytes", "commit-2-signature", "pull-answer",
        "empty-body-digest", "request-inputs", "request-headers", "request-signature-base", "protocol-constants",
    ]

    let document: ProtocolDocument
    let origin = MemberID("ecpat-be")!

    init() throws { document = try ProtocolDocument.load() }

    func testKey() throws -> MemberSigningKey {
        let seed = try #require([UInt8](hex: try document.field("seed-hex", of: "test-key")))
        return try MemberSigningKey(seed: Data(seed))
    }

    func directory() throws -> MemberDirectory {
        MemberDirectory([
            Member(
                id: origin, name: "ECPAT Belgique", country: CountryCode("BE")!, languages: [], endpoint: nil,
                publicKey: try testKey().publicKey, role: .member)
        ])
    }

    @Test func theDocumentHoldsExactlyTheCheckedVectors() {
        #expect(Set(document.blocks.keys) == Self.names)
    }

    @Test func testKeyIsRFC8032TestOne() throws {
        let key = try testKey()
        #expect(Array(key.publicKey.rawBytes).hex == (try document.field("public-key-hex", of: "test-key")))
        #expect(key.publicKey.base64 == (try document.field("public-key-base64", of: "test-key")))
    }

    @Test func recordIDDerivesFromOriginAndNonce() throws {
        let fields = try document.fields("record-id")
        let origin = try #require(MemberID(fields["origin"] ?? ""))
        let nonce = try #require(fields["nonce"])
        let input = "mosaic-record-v1:\(origin):\(nonce)"
        #expect(fields["sha256-input"] == input)
        #expect(RecordID.isValidNonce(nonce))
        // SHA-256 of the input, through the same hash the node uses for Content-Digest.
        let digest = RequestSignature.contentDigest(of: Array(input.utf8))
        let hash = try #require(Data(base64Encoded: String(digest.dropFirst("sha-256=:".count).dropLast())))
        #expect(Array(hash).hex == fields["sha256-hex"])
        #expect(RecordID.derive(origin: origin, nonce: nonce).rawValue == fields["record"])
        // The steps of §7.2, applied by hand to the first 16 bytes, give the same id.
        var bytes = Array(hash.prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.hex
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        #expect(parts.joined(separator: "-") == fields["record"])
    }

    @Test func canonicalJSONOfTheExampleInput() throws {
        let input = try document.block("canonical-json-input")
        let output = Array(try document.block("canonical-json-output").utf8)
        #expect(try JSONParser.parse(Array(input.utf8)).canonicalBytes == output)
        #expect(try JSONParser.parse(output).canonicalBytes == output)
        #expect(output.hex == (try document.block("canonical-json-output-hex")))
    }

    @Test(arguments: [1, 2]) func commitBytesAndSignature(number: Int) throws {
        let bytes = Array(try document.block("commit-\(number)-bytes").utf8)
        let signature = try document.block("commit-\(number)-signature")
        let commit = try CommitDecoder.decode(bytes)
        #expect(commit.origin == origin)
        #expect(commit.seq == Int64(number))
        #expect(commit.canonicalBytes == bytes)
        let signed = SignedCommit(signing: commit, with: try testKey())
        #expect(signed.bytes == bytes)
        #expect(signed.signature.base64EncodedString() == signature)
        let received = SignedCommit(bytes: bytes, signature: try #require(Data(base64Encoded: signature)))
        #expect(try received.verified(by: try directory()) == commit)
    }

    @Test func commitVectorsShowEveryOperationKind() throws {
        let record = try document.field("record", of: "record-id")
        var kinds: Set<String> = []
        for number in [1, 2] {
            let commit = try CommitDecoder.decode(Array(try document.block("commit-\(number)-bytes").utf8))
            kinds.formUnion(commit.operations.map(\.name))
            #expect(commit.operations.allSatisfy { $0.record.rawValue == record })
        }
        #expect(kinds == ["create", "set", "add", "remove", "delete", "restore", "dismiss"])
    }

    @Test func wireCommitAndPullAnswer() throws {
        let bytes = Array(try document.block("commit-1-bytes").utf8)
        let signature = try #require(Data(base64Encoded: try document.block("commit-1-signature")))
        let signed = SignedCommit(bytes: bytes, signature: signature)
        let wire = Array(try document.block("commit-1-wire").utf8)
        #expect(signed.json.canonicalBytes == wire)
        #expect(SignedCommit(json: try JSONParser.parse(wire)) == signed)

        let page = Array(try document.block("pull-answer").utf8)
        let answer = try #require(try JSONParser.parse(page).objectValue)
        #expect(Set(answer.keys) == ["commits", "more", "vector"])
        #expect(answer["more"]?.boolValue == true)
        #expect(answer["vector"].flatMap(VersionVector.init(json:)) == VersionVector([origin: 2]))
        #expect(answer["commits"]?.arrayValue?.compactMap(SignedCommit.init(json:)) == [signed])
        #expect(JSONValue.object(answer).canonicalBytes == page)
    }

    @Test func protocolConstantsAreTheCodes() throws {
        let constants = try document.fields("protocol-constants")
        #expect(constants["commit-max-bytes"] == String(Commit.maxBytes))
        #expect(constants["commit-max-operations"] == String(Commit.maxOperations))
        #expect(constants["hlc-max-counter"] == String(HybridTimestamp.maxCounter))
        #expect(constants["json-max-depth"] == String(JSONParser.maxDepth))
        #expect(constants["default-clock-bound-seconds"] == String(ClockBound.standard.maxLeadMillis / 1000))
        // The nonce range, probed at its edges.
        #expect(constants["record-nonce-bytes"] == "8...64")
        #expect(RecordID.isValidNonce(String(repeating: "n", count: 8)) && RecordID.isValidNonce(String(repeating: "n", count: 64)))
        #expect(!RecordID.isValidNonce(String(repeating: "n", count: 7)) && !RecordID.isValidNonce(String(repeating: "n", count: 65)))
    }

    @Test func emptyBodyDigest() throws {
        #expect(RequestSignature.contentDigest(of: [UInt8]()) == (try document.block("empty-body-digest")))
    }

    @Test func signedPullRequest() throws {
        let inputs = try document.fields("request-inputs")
        let headers = try document.fields("request-headers")
        let method = try #require(inputs["method"]), path = try #require(inputs["path"])
        let authority = try #require(inputs["authority"])
        let member = try #require(MemberID(inputs["keyid"] ?? ""))
        let created = try #require(Int64(inputs["created"] ?? ""))
        let nonce = try #require(inputs["nonce"])
        let body = Array(try #require(inputs["body"]).utf8)
        // The body is a canonical pull request.
        let request = try #require(try JSONParser.parse(body).objectValue)
        #expect(JSONValue.object(request).canonicalBytes == body)
        #expect(Set(request.keys) == ["limit", "vector"])

        let key = try testKey()
        let signed = try RequestSignature.sign(
            method: method, authority: authority, path: path, body: body, member: member, key: key, created: created, nonce: nonce)
        #expect(signed.contentDigest == headers["Content-Digest"])
        #expect(signed.signatureInput == headers["Signature-Input"])
        #expect(signed.signature == headers["Signature"])

        let params = String(try #require(headers["Signature-Input"]).dropFirst("mosaic=".count))
        let base = SignatureBase.build(
            [("@method", method), ("@authority", authority), ("@path", path), ("content-digest", signed.contentDigest)],
            signatureParams: params)
        #expect(base == (try document.block("request-signature-base")))
        #expect("mosaic=:\(key.signature(for: Data(base.utf8)).base64EncodedString()):" == headers["Signature"])

        let verified = try RequestSignature.verify(
            method: method, authority: authority, path: path, body: body, headers: signed, directory: try directory(),
            node: URL(string: "https://\(authority)/"), now: created, window: 300)
        #expect(verified.member == member)
        #expect(verified.nonce == nonce)
    }
}
