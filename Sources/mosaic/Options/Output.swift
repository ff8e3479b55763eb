import Foundation
import MosaicConfig

/// Writing results and errors for people and for scripts.
enum Output {
    /// Prints `value` as pretty, key-sorted JSON on standard output.
    static func printJSON(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8) { print(text) }
    }

    /// Writes one line to standard output at once (unbuffered), for long-running commands
    /// whose output may be a pipe.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Prints each problem on its own line of standard error, then a count.
    static func printProblems(_ problems: ConfigProblems) {
        var standardError = FileHandle.standardError
        for problem in problems.problems { print("error: \(problem)", to: &standardError) }
        let count = problems.problems.count
        print("\(count) problem\(count == 1 ? "" : "s") found.", to: &standardError)
    }
}

extension FileHandle: @retroactive TextOutputStream {
    public func write(_ string: String) { write(Data(string.utf8)) }
}
