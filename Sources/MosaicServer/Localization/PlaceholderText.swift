/// Text with `{name}` placeholders, as the locale files write them.
enum PlaceholderText {
    /// The placeholder names of `text`, in order: `"Page {page} of {pages}"` → `["page", "pages"]`.
    static func names(_ text: String) -> [String] {
        var names: [String] = []
        scan(text) { piece in
            if case .placeholder(let name) = piece { names.append(name) }
        }
        return names
    }

    /// `text` with each `{name}` that `values` holds replaced by its value, in one pass.
    static func fill(_ text: String, _ values: [String: String]) -> String {
        var result = ""
        scan(text) { piece in
            switch piece {
            case .text(let literal): result += literal
            case .placeholder(let name): result += values[name] ?? "{\(name)}"
            }
        }
        return result
    }

    private enum Piece {
        case text(Substring)
        case placeholder(String)
    }

    /// A placeholder is `{` then one or more ASCII letters, digits or `_`, then `}`; any other brace is text.
    private static func scan(_ text: String, _ visit: (Piece) -> Void) {
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "}"), close > after.startIndex,
                after[..<close].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            {
                visit(.text(rest[..<open]))
                visit(.placeholder(String(after[..<close])))
                rest = after[after.index(after: close)...]
            } else {
                visit(.text(rest[...open]))
                rest = after
            }
        }
        visit(.text(rest))
    }
}
