import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `mosaic` executable as a user would, capturing its output.
struct MosaicProcess {
    /// What a run printed and how it ended.
    struct Outcome {
        let status: Int32
        let standardOutput: String
        let standardError: String
        /// The process died of a signal (SIGKILL, from itself at a crash point or from a test).
        var signalled = false
    }

    /// The `mosaic` binary beside the test bundle, or `MOSAIC_EXECUTABLE` (`make soak-crash` runs a release build).
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["MOSAIC_EXECUTABLE"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let besideTests = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("mosaic")
        return besideTests
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["MOSAIC_CONFIG"] = nil
        env.merge(environment) { _, new in new }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self), signalled: process.terminationReason == .uncaughtSignal)
    }

    /// Starts `mosaic ARGS` and sends it SIGKILL after `delay` unless it has ended by then.
    /// - Returns: `true` when the SIGKILL ended it, `false` when it had exited on its own.
    static func runKilled(_ arguments: [String], after delay: Duration, in directory: URL) async throws -> Bool {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["MOSAIC_CONFIG"] = nil
        process.environment = env
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try await Task.sleep(for: delay)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    /// A new empty temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
