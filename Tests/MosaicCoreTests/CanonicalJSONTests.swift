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
