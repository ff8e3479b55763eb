/// Writes CSV rows that a spreadsheet opens safely and that ``CSVReader`` reads back exactly:
/// cells are quoted where needed (RFC 4180) and guarded against running as formulas.
///
/// The formula guard (OWASP "CSV injection"): a cell whose text, after any leading apostrophes,
/// starts with `=` `+` `-` `@`, TAB, CR or LF, or their full-width forms `＝` `＋` `－` `＠`, gets one
/// more leading apostrophe, which spreadsheets show as "this is text". ``unguard(_:)`` removes
/// exactly that apostrophe, so `unguard(guarded(x)) == x` for every text `x`; a text such as
/// `'s-Hertogenbosch`, which no spreadsheet runs, is written unchanged.
public enum CSVWriter {
    /// The UTF-8 byte order mark a CSV file starts with: without it Excel reads UTF-8 as the
    /// system's code page (Cyrillic and accents garbled). ``CSVReader`` skips it.
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// First characters that make a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]

    /// One row, with its CRLF line break.
    public static func row(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    /// One cell: guarded, then quoted when it holds a separator, a quote or a line break.
    static func cell(_ text: String) -> String {
        let safe = guarded(text)
        guard safe.unicodeScalars.contains(where: { $0 == "," || $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        else { return safe }
        // Doubled scalar by scalar: a quote followed by a combining mark is one Character, which
        // a Character-level replacement would miss.
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in safe.unicodeScalars {
            quoted.append(scalar)
            if scalar == "\"" { quoted.append(scalar) }
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// `text` with the formula guard: one more leading apostrophe when a spreadsheet would run it.
    public static func guarded(_ text: String) -> String {
        needsGuard(text.unicodeScalars[...]) ? "'" + text : text
    }

    /// Undoes ``guarded(_:)``: drops one leading apostrophe when what follows needs the guard.
    public static func unguard(_ cell: String) -> String {
        let scalars = cell.unicodeScalars
        guard scalars.first == "'", needsGuard(scalars.dropFirst()) else { return cell }
        return String(scalars.dropFirst())
    }

    /// Whether the text, after its leading apostrophes, starts like a formula.
    private static func needsGuard(_ scalars: Substring.UnicodeScalarView) -> Bool {
        guard let first = scalars.first(where: { $0 != "'" }) else { return false }
        return formulaStarts.contains(first)
    }
}
