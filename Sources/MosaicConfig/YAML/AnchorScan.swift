/// Finds YAML anchors (`&name`) and aliases (`*name`) before the parser sees them.
///
/// Aliases let a small file expand into an enormous tree ("billion laughs"), and Yams keeps
/// no durable record of anchors on its nodes, so Mosaic refuses them in the raw text. The scan
/// skips comments and quoted strings and only looks where a YAML node can start.
enum AnchorScan {
    /// Line, column and the token of the first anchor or alias, if any.
    static func firstAnchorOrAlias(in text: String) -> (line: Int, column: Int, token: String)? {
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if let (column, token) = scan(line: Array(line.unicodeScalars)) { return (lineNumber, column, token) }
        }
        return nil
    }

    private static func scan(line: [Unicode.Scalar]) -> (Int, String)? {
        var quote: Unicode.Scalar?
        var previous: Unicode.Scalar?  // last non-space scalar outside quotes
        var sawSpace = true
        var index = 0
        while index < line.count {
            let c = line[index]
            if let open = quote {
                if c == "\\" && open == "\"" { index += 2; continue }
                if c == open { quote = nil; previous = c; sawSpace = false }
                index += 1
                continue
            }
            if c == " " || c == "\t" { sawSpace = true; index += 1; continue }
            if c == "#" && sawSpace { return nil }
            if (c == "\"" || c == "'") && startsNode(after: previous, sawSpace: sawSpace) {
                quote = c
            } else if (c == "&" || c == "*") && startsNode(after: previous, sawSpace: sawSpace),
                index + 1 < line.count, isNameScalar(line[index + 1])
            {
                var end = index + 1
                while end < line.count, isNameScalar(line[end]) { end += 1 }
                return (index + 1, String(String.UnicodeScalarView(line[index..<end])))
            }
            previous = c
            sawSpace = false
            index += 1
        }
        return nil
    }

    private static func startsNode(after previous: Unicode.Scalar?, sawSpace: Bool) -> Bool {
        guard let previous else { return true }
        switch previous {
        case "[", "{", ",": return true
        case "-", ":", "?": return sawSpace
        default: return false
        }
    }

    private static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        !(c == " " || c == "\t" || c == "," || c == "[" || c == "]" || c == "{" || c == "}")
    }
}
