import Foundation
import MosaicCore
import Testing

/// The README's command examples run as printed: a POSIX shell passes each `mosaic …` line to the
/// command whole (no unquoted `|`, `;`, `&`, `<`, `>` cutting it), and every `--set` it passes
/// is a field assignment the command accepts, with the values the README means.
@Suite struct ReadmeExampleTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// A shell's reading of one command line: its words (quotes removed) and any unquoted operator
    /// that would end the command there. A `#` after a blank starts a comment.
    static func shellWords(_ line: String) -> (words: [String], operators: [Character]) {
        var words: [String] = [], operators: [Character] = []
        var word = "", inWord = false, quote: Character?
        var previous: Character = " "
        for character in line {
            defer { previous = character }
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
                inWord = true
            case " ", "\t":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "#" where previous == " " || previous == "\t":
                if inWord { words.append(word) }
                return (words, operators)
            case "|", ";", "&", "<", ">":
                operators.append(character)
                if inWord { words.append(word) }
                word = ""
                inWord = false
            default:
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return (words, operators)
    }

    /// Every `mosaic …` command of the README: lines of its `sh` blocks and inline code spans.
    static func commands() throws -> [String] {
        let text = try String(contentsOf: readme, encoding: .utf8)
        var commands: [String] = []
        var inShell = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                inShell = trimmed == "```sh"
                continue
            }
            if inShell, trimmed.hasPrefix("mosaic ") { commands.append(trimmed) }
            if !inShell {
                for (index, span) in trimmed.split(separator: "`", omittingEmptySubsequences: false).enumerated()
                where index % 2 == 1 && span.hasPrefix("mosaic ") {
                    commands.append(String(span))
                }
            }
        }
        return commands
    }

    @Test func everyCommandRunsAsPrinted() throws {
        let commands = try Self.commands()
        #expect(commands.count >= 15, "\(commands.count) commands found in README.md")
        var assignments = 0
        for command in commands {
            let (words, operators) = Self.shellWords(command)
            #expect(operators.isEmpty, "the shell cuts `\(command)` at \(operators)")
            for (index, word) in words.enumerated() where word == "--set" && index + 1 < words.count {
                #expect(throws: Never.self, "\(command)") { try FieldAssignment.parse(words[index + 1]) }
                assignments += 1
            }
        }
        #expect(assignments >= 4)
        // The example the issue names: both themes reach the command.
        let add = try #require(commands.first { $0.hasPrefix("mosaic record add") })
        let words = Self.shellWords(add).words
        let themes = try #require(words.first { $0.hasPrefix("themes=") })
        #expect(try FieldAssignment.parse(themes) == .replaceSet(field: "themes", values: ["training", "trafficking"]))
    }

    /// The reading itself: what a shell cuts, and what quotes protect.
    @Test func theShellReadingIsTheShells() {
        #expect(Self.shellWords("mosaic record add --set themes=training|trafficking").operators == ["|"])
        #expect(Self.shellWords("mosaic record add --set themes='training|trafficking'").words.last == "themes=training|trafficking")
        let commented = Self.shellWords("mosaic search \"a b\" # x | y")
        #expect(commented.words == ["mosaic", "search", "a b"] && commented.operators.isEmpty)
        #expect(Self.shellWords("mosaic x --set title.fr=\"Formation ReACT\"").words.last == "title.fr=Formation ReACT")
    }
}
