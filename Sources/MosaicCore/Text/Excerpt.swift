/// A short, bounded excerpt of a value for an error message: a value of 400 KB (or a single
/// "character" of 200 KB built of combining marks) must not become a 400 KB message.
public enum Excerpt {
    /// At most `scalars` Unicode scalars of `value` (never a huge grapheme cluster whole), with
    /// "… (N bytes)" when cut.
    /// Control characters are shown escaped (`\r`, `\n`, `\t`, `\u{1B}`), so that a value never
    /// moves the cursor or rewrites the terminal line the message is printed on.
    public static func of(_ value: String, scalars: Int = 60) -> String {
        let count = value.unicodeScalars.count
        var view = String.UnicodeScalarView()
        for scalar in value.unicodeScalars.prefix(scalars) {
            switch scalar.value {
            case 0x0A: view.append(contentsOf: "\\n".unicodeScalars)
            case 0x0D: view.append(contentsOf: "\\r".unicodeScalars)
            case 0x09: view.append(contentsOf: "\\t".unicodeScalars)
            case 0..<0x20, 0x7F: view.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            default: view.append(scalar)
            }
        }
        return count > scalars ? String(view) + "… (\(value.utf8.count) bytes)" : String(view)
    }
}
