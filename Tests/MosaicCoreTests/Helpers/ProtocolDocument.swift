import Foundation

/// The test vectors of `docs/PROTOCOL.md`: every fenced block right after a line
/// `<!-- vector: NAME -->`, its lines joined by LF without a final LF.
struct ProtocolDocument {
    /// Why the document could not be read or a vector is missing.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The document, found from this file's path: `Tests/MosaicCoreTests/Helpers/` → repository root.
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/PROTOCOL.md")

    /// The blocks by name.
    let blocks: [String: String]

    /// Reads and splits `docs/PROTOCOL.md`.
    /// - Throws: ``Failure`` when the file is missing, a marker has no fenced block after it, a
    ///   block is not closed, or a name appears twice.
    static func load() throws -> ProtocolDocument {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Failure(description: "\(url.path) is missing: the protocol document holds the test vectors")
        }
        // Split on LF bytes only: a block's bytes must come back exactly as written.
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        var blocks: [String: String] = [:]
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.hasPrefix("<!-- vector: "), line.hasSuffix(" -->") else { continue }
            let name = String(line.dropFirst("<!-- vector: ".count).dropLast(" -->".count))
            guard index < lines.count, lines[index].hasPrefix("```") else {
                throw Failure(description: "PROTOCOL.md line \(index): vector '\(name)' is not followed by a fenced block")
            }
            index += 1
            var body: [String] = []
            while index < lines.count, lines[index] != "```" {
                body.append(lines[index])
                index += 1
            }
            guard index < lines.count else { throw Failure(description: "PROTOCOL.md: the block of vector '\(name)' is never closed") }
            index += 1
            guard blocks[name] == nil else { throw Failure(description: "PROTOCOL.md: vector '\(name)' appears twice") }
            blocks[name] = body.joined(separator: "\n")
        }
        return ProtocolDocument(blocks: blocks)
    }

    /// The block `name`, exactly.
    /// - Throws: ``Failure`` when the document has no such block.
    func block(_ name: String) throws -> String {
        guard let block = blocks[name] else { throw Failure(description: "PROTOCOL.md has no vector block '\(name)'") }
        return block
    }

    /// A block of `key: value` lines (the value starts after the first `": "`).
    /// - Throws: ``Failure`` when the block is missing or a line has no `": "`.
    func fields(_ name: String) throws -> [String: String] {
        var fields: [String: String] = [:]
        for line in try block(name).split(separator: "\n") {
            guard let separator = line.range(of: ": ") else {
                throw Failure(description: "vector '\(name)': '\(line)' is not 'key: value'")
            }
            fields[String(line[..<separator.lowerBound])] = String(line[separator.upperBound...])
        }
        return fields
    }

    /// The field `key` of the block `name`.
    /// - Throws: ``Failure`` when the block or the field is missing.
    func field(_ key: String, of name: String) throws -> String {
        guard let value = try fields(name)[key] else { throw Failure(description: "vector '\(name)' has no '\(key)' line") }
        return value
    }
}

extension Array where Element == UInt8 {
    /// Lowercase hexadecimal.
    var hex: String { map { String(format: "%02x", $0) }.joined() }

    /// Bytes from hexadecimal text; `nil` when the text is not an even number of hex digits.
    init?(hex text: String) {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for pair in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[pair...pair + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self = bytes
    }
}
