import Foundation
import MosaicCore

/// Generated records for benchmarks: realistic sizes, several languages, facets, and words
/// drawn from a Zipf distribution over a 3,000-word vocabulary (a few very common words, a long tail).
enum SyntheticCatalogue {
    static let domainWords = [
        "formation", "protection", "enfance", "traite", "signalement", "campagne", "voyage", "tourisme", "enquête", "victimes",
        "Kinderschutz", "Ausbildung", "Prävention", "training", "reporting", "awareness", "survey", "advocacy", "exploitation", "youth",
        "workers", "police", "teachers", "parents", "online", "safety", "migration", "support", "network", "exchange",
    ]
    static let syllables = [
        "ka", "lo", "mi", "ne", "ru", "sa", "te", "vi", "zo", "pe", "bra", "dor", "fen", "gri", "hal", "jun", "kor", "lem", "mar", "nis",
    ]
    static let themes = ["trafficking", "online-exploitation", "travel-and-tourism", "reporting", "training", "awareness", "advocacy"]
    static let countries = ["BE", "FR", "DE", "NL", "AT", "PL", "MD", "UA", "KZ", "KG"]

    /// The vocabulary, most frequent first.
    static let vocabulary: [String] = {
        var random = SplitMix64(seed: 3)
        var words = domainWords
        while words.count < 3000 {
            let word = (0..<(2 + Int(random.next() % 3))).map { _ in random.pick(syllables) }.joined()
            if !words.contains(word) { words.append(word) }
        }
        return words
    }()

    /// Cumulative Zipf weights (s = 1) over the vocabulary.
    static let cumulative: [Double] = {
        var total = 0.0
        return vocabulary.indices.map { rank in
            total += 1.0 / Double(rank + 1)
            return total
        }
    }()

    static func word(_ random: inout SplitMix64) -> String {
        let target = Double(random.next() % 1_000_000) / 1_000_000 * cumulative.last!
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return vocabulary[low]
    }

    /// Search queries as people type them: one or two content words (not the commonest ten).
    static func queries(_ count: Int) -> [String] {
        var random = SplitMix64(seed: 7)
        return (0..<count).map { _ in
            (0..<(1 + Int(random.next() % 2))).map { _ in vocabulary[10 + Int(random.next() % 990)] }.joined(separator: " ")
        }
    }

    /// The CSV text of `count` practices.
    static func csv(count: Int) -> String {
        var random = SplitMix64(seed: 42)
        var text = "type,title.fr,title.en,summary.fr,themes,countries,year,status\n"
        text.reserveCapacity(count * 260)
        for index in 0..<count {
            let cells = [
                "practice", sentence(6, &random) + " \(index)", sentence(6, &random), sentence(24, &random),
                "\(random.pick(themes))|\(random.pick(themes))", "\(random.pick(countries))|\(random.pick(countries))",
                String(2010 + index % 16), "published",
            ]
            text += CSVWriter.row(cells)
        }
        return text
    }

    static func sentence(_ length: Int, _ random: inout SplitMix64) -> String {
        (0..<length).map { _ in word(&random) }.joined(separator: " ")
    }
}

/// Peak resident memory of this process (VmHWM), in MiB.
enum PeakMemory {
    static func mebibytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }
}
