import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A progress bar on standard error, drawn only when it is a terminal.
struct ProgressBar: Sendable {
    let label: String
    let enabled = isatty(STDERR_FILENO) == 1

    /// Redraws the bar for `done` of `total`.
    func update(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = min(width, done * width / total)
        let line =
            "\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: " ", count: width - filled))] \(done * 100 / total)% \(done)/\(total)"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Ends the bar's line.
    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
