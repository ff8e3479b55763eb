/// A short, bounded excerpt of a value for an error message: a value of 400 KB (or a single
/// "character" of 200 KB built of combining marks) must not become a 400 KB message.
public enum Excerpt {
    /// At most `scalars` Unicode scalars of `value` (never a huge grapheme cluster whole), with
    /// "… (N bytes)" when cut.
    public static func of(_ value: String, scalars: Int = 60) -> String {
        let count = value.unicodeScalars.count
        guard count > scalars else { return value }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: value.unicodeScalars.prefix(scalars))
        return String(view) + "… (\(value.utf8.count) bytes)"
    }
}
