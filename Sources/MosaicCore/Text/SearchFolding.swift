import Foundation

/// The one folding of text for search, used by the full-text index (the text of every record it
/// holds) and by every query, so that both sides always agree: "accents optional" for the
/// network's languages.
///
/// Steps, per Unicode scalar: compatibility decomposition (NFKD, UAX #15: `ﬁ` → `fi`, full-width
/// `Ａ` → `A`, `ĳ` → `ij`), lower case, combining marks (general category Mn) removed, then the
/// letters below that do not decompose replaced, and the result recomposed (NFC).
///
/// What a reader of each member language expects, and so what is folded:
/// - French, German, Dutch, Romanian, Polish, Nordic: every accent is optional (`é` `ü` `ș` `ş`
///   `ț` `ţ` `ă` `â` `î` `ą` `ę` `ń` `ś` `ź` `ż`), and the letters that do not decompose are typed
///   as their Latin base: `ł`→`l`, `ø`→`o`, `đ` `ð`→`d`, `ß`→`ss`, `œ`→`oe`, `æ`→`ae`,
///   `þ`→`th`, `ı`→`i`, `ħ`→`h`. German `ü` is found by `u` (not by `ue`: one folding per letter).
/// - Russian: `ё` is printed as `е` in most texts, so `ё`→`е`. `й` is a letter of its own that
///   nobody writes as `и`, so it is kept (the only mark kept).
/// - Ukrainian: `ї`→`і` and `ґ`→`г` (the Soviet spelling, still common, writes `г`); `є` and `і`
///   are letters of their own and kept.
/// - Kazakh and Kyrgyz: typed on a Russian keyboard, their own letters become the Russian letter
///   in their place: `ә`→`а`, `ғ`→`г`, `қ`→`к`, `ң`→`н`, `ө`→`о`, `ұ`→`у`, `ү`→`у`, `һ`→`х`.
///   Kazakh `і` is also Ukrainian and Belarusian `і`, a base letter there, so it is kept.
/// - Greek final `ς` → `σ`.
///
/// Changing this table changes what the index holds: add a store migration that folds the
/// stored search text again and rebuilds the index (see `issue-text-search-folding`).
public enum SearchFolding {
    /// Letters that do not decompose, after lower-casing, and what they fold to.
    static let letters: [Unicode.Scalar: String] = [
        "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "œ": "oe", "æ": "ae", "þ": "th", "ı": "i", "ħ": "h",
        "ŧ": "t", "ŋ": "n", "ƒ": "f", "ς": "σ",
        "ґ": "г", "ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х",
    ]

    /// `text` folded for search: same length or longer (`ß`→`ss`), every other character kept.
    /// Folded in pieces of whole characters (``Piecewise``), so long texts cost linear time.
    public static func fold(_ text: String) -> String {
        // Fast path: ASCII only needs lower case.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        return Piecewise.map(text, foldPiece)
    }

    private static func foldPiece(_ piece: Substring) -> String {
        if piece.utf8.allSatisfy({ $0 < 0x80 }) { return piece.lowercased() }
        var output = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in piece.decomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark {
                // Keep the breve of Cyrillic й (и + U+0306); drop every other mark.
                if scalar == "\u{0306}", previous == "и" { output.append(scalar) }
                continue
            }
            previous = scalar
            if let replacement = letters[scalar] { output.append(contentsOf: replacement.unicodeScalars) } else { output.append(scalar) }
        }
        return String(output).precomposedStringWithCanonicalMapping
    }
}
