import MosaicCore
import Testing

/// The strict parser and the canonical encoder that commit signatures rest on.
@Suite struct CanonicalJSONTests {
    @Test func canonicalFormSortsKeysAndHasNoWhitespace() throws {
        let value = try JSONParser.parse(Array(#" { "b" : [1, true, null], "a": "x\"y\n\u00e9" } "#.utf8))
        #expect(String(decoding: value.canonicalBytes, as: UTF8.self) == #"{"a":"x\"y\né","b":[1,true,null]}"#)
    }

    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "duplicate key"), ("1.5", "whole numbers"), ("1e3", "whole numbers"), ("01", "leading zero"),
        (#"{"a":1"#, "end of input"), (#""\ud800""#, "surrogate"), ("[1,]", "unexpected character"), (#""a"#, "unterminated"),
        ("99999999999999999999", "out of range"), ("nul", "literal"), ("[1] x", "after the value"), ("\"\u{01}\"", "control character"),
    ])
    func hostileInputIsRefusedWithAReason(input: String, reason: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(input.utf8)) }
        do {
            _ = try JSONParser.parse(Array(input.utf8))
        } catch {
            #expect(error.reason.contains(reason), "\(input): \(error)")
        }
    }

    @Test func deepNestingIsBounded() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(deep.utf8)) }
        let fine = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect((try? JSONParser.parse(Array(fine.utf8))) != nil)
    }

    @Test func escapesRoundTrip() throws {
        let text = "tab\there \"quoted\" back\\slash \u{7} 日本 😀"
        let bytes = JSONValue.string(text).canonicalBytes
        #expect(try JSONParser.parse(bytes) == .string(text))
        #expect(try JSONParser.parse(Array(#""\ud83d\ude00""#.utf8)) == .string("😀"))
    }
}

/// The direct writers produce exactly the canonical bytes of the JSON values they stand for.
@Suite struct CanonicalWriterTests {
    @Test func commitAndViewBytesEqualTheirJSONValueForm() throws {
        let owner = MemberID("owner")!, coord = MemberID("coord")!
        let record = RecordID.derive(origin: owner, nonce: "nonce-writer-1")
        func id(_ m: MemberID, _ s: Int64, _ i: Int = 0) -> WriteID { WriteID(origin: m, stream: .public, seq: s, index: i) }
        let operations: [CatalogueOperation] = [
            .create(record: record, type: .project, nonce: "nonce-writer-1"),
            .set(
                record: record, field: "title", lang: LanguageTag("fr")!, value: "Échange \"Est-Ouest\"\n",
                replaces: [id(coord, 2), id(owner, 1)]),
            .add(record: record, field: "themes", value: "Prävention"), .add(record: record, field: "themes", value: "advocacy"),
            .remove(record: record, field: "themes", value: "x", tags: [id(owner, 3)]), .delete(record: record, seen: [id(owner, 1)]),
            .restore(record: record, deletes: [id(owner, 4)]), .dismiss(record: record, proposals: [id(coord, 1, 2)]),
        ]
        let commit = Commit(
            origin: owner, stream: .public, seq: 7, hlc: HybridTimestamp(wallMillis: 12, counter: 3), operations: operations)
        #expect(
            commit.canonicalBytes
                == JSONValue.object([
                    "v": .int(1), "origin": .string("owner"), "stream": .string("public"), "seq": .int(7),
                    "hlc": .array([.int(12), .int(3)]),
                    "ops": .array(
                        operations.map { op in
                            let wrapped = RecordOperation(id: id(owner, 1), hlc: .zero, operation: op).json
                            return wrapped.objectValue!["op"]!
                        }),
                ]).canonicalBytes)
        let recordOps = operations.enumerated().map {
            RecordOperation(
                id: id($0.offset % 2 == 0 ? owner : coord, Int64($0.offset + 1)),
                hlc: HybridTimestamp(wallMillis: Int64($0.offset), counter: 0), operation: $0.element)
        }
        #expect(RecordOperation.encode(recordOps) == JSONValue.array(recordOps.map(\.json)).canonicalBytes)
        let view = try #require(Materializer.view(of: recordOps, authority: Materializer.Authority(coordinators: [coord])))
        #expect(view.canonicalBytes == view.json.canonicalBytes)
        let withProposal = try #require(
            Materializer.view(
                of: recordOps + [
                    RecordOperation(
                        id: id(MemberID("other")!, 1), hlc: .zero,
                        operation: .set(record: record, field: "status", lang: nil, value: "idea", replaces: [])),
                    RecordOperation(
                        id: id(MemberID("other")!, 2), hlc: .zero, operation: .add(record: record, field: "countries", value: "BE")),
                ], authority: Materializer.Authority(coordinators: [coord])))
        #expect(withProposal.proposals.count == 2)
        #expect(withProposal.canonicalBytes == withProposal.json.canonicalBytes)
    }
}
