import Foundation
import MosaicCore
import Testing

/// The CSV dialects and encodings spreadsheets write, read by ``CSVReader`` (issue 12, point 1).
@Suite struct CSVReaderTests {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// One dialect: byte order mark or not, separator, line end.
    struct Dialect: CustomTestStringConvertible, Sendable {
        let bom: Bool
        let separator: String
        let lineEnd: String
        var testDescription: String { "bom=\(bom) sep=\(separator == "\t" ? "TAB" : separator) end=\(lineEnd.debugDescription)" }
    }

    static let dialects: [Dialect] = [true, false].flatMap { bom in
        [",", ";", "\t"].flatMap { separator in ["\r\n", "\n", "\r"].map { Dialect(bom: bom, separator: separator, lineEnd: $0) } }
    }

    /// Rows holding every hard case: a separator of each kind, quotes, and line breaks of each kind inside a cell.
    static let rows: [[String]] = [
        ["type", "title.fr", "summary.fr"],
        ["practice", "a, b; c\td", "He said \"yes\""],
        ["project", "line one\r\nline two\nthree\rfour", ""],
        ["practice", "Łódź – ёлка – 日本", "'s-Hertogenbosch"],
    ]

    static func encode(_ rows: [[String]], _ dialect: Dialect) -> [UInt8] {
        let text = rows.map { row in
            row.map { cell in
                cell.contains(where: { ",;\t\"\r\n".unicodeScalars.contains($0.unicodeScalars.first!) })
                    ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
            }.joined(separator: dialect.separator)
        }.joined(separator: dialect.lineEnd)
        return (dialect.bom ? bom : []) + Array(text.utf8) + Array(dialect.lineEnd.utf8)
    }

    @Test(arguments: dialects)
    func everyDialectReadsTheSameRows(_ dialect: Dialect) throws {
        // setup
        let bytes = Self.encode(Self.rows, dialect)
        // MUT
        let rows = try CSVReader.rows(bytes)
        // validate
        #expect(rows.map(\.row) == Self.rows)
        #expect(rows.map(\.line) == [1, 2, 3, 7])  // the third row's cell spans lines 3 to 6
    }

    @Test(arguments: dialects)
    func chunksOfAnySizeReadTheSame(_ dialect: Dialect) throws {
        let bytes = Self.encode(Self.rows, dialect)
        for size in [1, 2, 3, 7] {
            var reader = CSVReader()
            var rows: [[String]] = []
            var start = 0
            while start < bytes.count {
                rows += try reader.feed(bytes[start..<min(bytes.count, start + size)]).map(\.row)
                start += size
            }
            rows += try reader.finish().map(\.row)
            #expect(rows == Self.rows, "chunks of \(size)")
        }
    }

    @Test func theLastRowMayLackALineBreak() throws {
        #expect(try CSVReader.rows(Array("type;title.fr\r\npractice;x".utf8)).map(\.row) == [["type", "title.fr"], ["practice", "x"]])
    }

    @Test(arguments: ["sep=;\r\n", "\u{FEFF}sep=;\n"])
    func excelsSeparatorHintNamesTheSeparatorAndIsNoRow(_ hint: String) throws {
        let rows = try CSVReader.rows(Array((hint + "type;title.fr\r\npractice;a,b\r\n").utf8))
        #expect(rows.map(\.row) == [["type", "title.fr"], ["practice", "a,b"]])
        #expect(rows.map(\.line) == [2, 3])
    }

    @Test func theSeparatorIsTheOneTheHeaderUsesMost() throws {
        // A comma inside a quoted header cell does not count; `;` wins.
        let rows = try CSVReader.rows(Array("type;\"title,fr\";themes\npractice;a,b;c\n".utf8))
        #expect(rows.map(\.row) == [["type", "title,fr", "themes"], ["practice", "a,b", "c"]])
    }

    /// Text in encodings other than UTF-8 is refused with its line and the fix, never decoded lossily.
    @Test(
        arguments: [
            // Windows-1252 (Excel "CSV (comma delimited)" on Western Windows): é = 0xE9, – = 0x96.
            (
                "cp1252", Array("type,title.fr\r\npractice,Atelier\r\npractice,rep".utf8) + [0xE9] + Array("rage \r\n".utf8), 3,
                "Windows-1252"
            ),
            // Latin-1 inside a multi-line quoted cell: the line of the bad byte, not of the row.
            ("latin1", Array("type,title.fr\npractice,\"one\ntwo \u{0}".utf8).dropLast() + [0xE8, 0x22, 0x0A], 3, "Windows-1252"),
            // UTF-16 with its byte order mark, little and big endian, and without one.
            ("utf16le", [0xFF, 0xFE] + Array("type".utf8).flatMap { [$0, 0] }, 1, "UTF-16"),
            ("utf16be", [0xFE, 0xFF] + Array("type".utf8).flatMap { [0, $0] }, 1, "UTF-16"),
            ("utf16-no-bom", Array("type,title\r\n".utf8).flatMap { [$0, 0] }, 1, "UTF-16"),
        ] as [(String, [UInt8], Int, String)])
    func otherEncodingsAreRefusedWithTheLineAndTheFix(_ name: String, _ bytes: [UInt8], _ line: Int, _ kind: String) {
        #expect {
            _ = try CSVReader.rows(bytes)
        } throws: { error in
            guard let failure = error as? CSVReader.Failure else { return false }
            #expect(failure.line == line, "\(name)")
            #expect(failure.message.contains(kind) && failure.message.contains("CSV UTF-8"), "\(name): \(failure.message)")
            return true
        }
    }

    @Test(arguments: [
        ("type,title\npractice,\"never closed\n", 2, "never closed"),
        ("type,title\npractice,ab\"c\n", 2, "quote inside an unquoted cell"),
        ("type,title\npractice,\"ab\"c\n", 2, "after the closing quote"),
    ])
    func malformedRowsNameTheirLine(_ text: String, _ line: Int, _ message: String) {
        #expect {
            _ = try CSVReader.rows(Array(text.utf8))
        } throws: { error in
            guard let failure = error as? CSVReader.Failure else { return false }
            return failure.line == line && failure.message.contains(message)
        }
    }

    @Test func aRowIsBoundedInBytes() {
        let bytes = Array("type,title\npractice,\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: CSVReader.maxRowBytes + 1)
        #expect(throws: CSVReader.Failure.self) { try CSVReader.rows(bytes) }
    }
}
