import Foundation
import MosaicConfig

/// A copy of the repository's Config/ and Members/ in a temporary folder, with the demo keys
/// installed, so that command tests run real demo nodes without touching the repository.
struct DemoCopy {
    let root: URL

    init() throws {
        root = try MosaicProcess.temporaryFolder()
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for folder in ["Config", "Members"] {
            try FileManager.default.copyItem(at: repository.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Config/demo").path)
        where name.hasSuffix(".yaml") {
            try DemoKeyInstaller.installKey(forConfig: root.appendingPathComponent("Config/demo/\(name)").path)
        }
    }

    /// The config path of a demo node.
    func config(_ member: String) -> String { root.appendingPathComponent("Config/demo/\(member).yaml").path }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Runs `mosaic ARGS --config <member's config>`, failing the test on a non-zero exit.
    @discardableResult
    func run(_ member: String, _ arguments: [String], expectFailure: Bool = false) throws -> MosaicProcess.Outcome {
        let outcome = try MosaicProcess.run(arguments + ["--config", config(member)], in: root)
        if (outcome.status == 0) == expectFailure {
            throw CommandFailed(
                description: "mosaic \(arguments.joined(separator: " ")) exited \(outcome.status): \(outcome.standardError)")
        }
        return outcome
    }

    /// `mosaic ... --json` parsed.
    func json(_ member: String, _ arguments: [String]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try run(member, arguments + ["--json"]).standardOutput.utf8))
    }
}

/// A command that ended otherwise than expected.
struct CommandFailed: Error, CustomStringConvertible {
    let description: String
}
