import MosaicCore
import Testing

/// The CSV export's formula guard: every cell a spreadsheet may run is guarded, and an import
/// reads back exactly what was exported (issue 12, point 3).
@Suite struct CSVFormulaGuardTests {
    @Test(arguments: [
        ("=1+1", "'=1+1"), ("+33 1 23 45 67 89", "'+33 1 23 45 67 89"), ("-5 ans", "'-5 ans"), ("@mention", "'@mention"),
        ("\t=1+1", "'\t=1+1"), ("\rx", "'\rx"), ("\nx", "'\nx"), ("＝SUM(1;1)", "'＝SUM(1;1)"), ("＋1", "'＋1"), ("－1", "'－1"),
        ("＠x", "'＠x"), ("'=kept apostrophe", "''=kept apostrophe"), ("''-x", "'''-x"), ("'s-Hertogenbosch", "'s-Hertogenbosch"),
        ("a=b", "a=b"), ("'", "'"), ("", ""),
    ])
    func everyRunnableCellIsGuardedAndReadBack(_ value: String, _ guarded: String) {
        #expect(CSVWriter.guarded(value) == guarded)
        #expect(CSVWriter.unguard(guarded) == value)
    }

    /// import(export(x)) == x over random Unicode text, leading apostrophes and formula starts included.
    @Test func importOfExportIsTheIdentityOverRandomText() throws {
        var random = SplitMix64(seed: 12)
        let alphabet: [Unicode.Scalar] = [
            "'", "'", "=", "+", "-", "@", "\t", "\r", "\n", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}", ",", ";", "\"", " ", "a",
            "é", "ł", "ё", "\u{301}", "\u{FEFF}", "日", "😀", "|", "\u{0}",
        ]
        for round in 0..<2000 {
            let values = (0..<3).map { _ in
                var scalars = String.UnicodeScalarView()
                for _ in 0..<Int.random(in: 0...12, using: &random) {
                    scalars.append(
                        random.chance(0.7)
                            ? random.pick(alphabet) : Unicode.Scalar(UInt32.random(in: 0x20...0xD7FF, using: &random)) ?? "x")
                }
                return String(scalars)
            }
            let text = CSVWriter.row(["type", "title.fr", "summary.fr"]) + CSVWriter.row(values)
            let rows = try CSVReader.rows(Array(text.utf8))
            #expect(rows.count == 2, "round \(round)")
            let read = rows.last!.row.map(CSVWriter.unguard)
            #expect(read == values, "round \(round): \(values.map(\.debugDescription))")
            if read != values { return }
        }
    }
}
