import Foundation
import MosaicCore
import Testing

/// `mosaic config check`, `--help` and `--version` as a user runs them.
@Suite struct ConfigCheckTests {
    /// A one-member network with a valid node config, in a temporary folder.
    private func network() throws -> URL {
        let folder = try MosaicProcess.temporaryFolder()
        let keyPath = folder.appendingPathComponent("alpha.key").path
        let generated = try MosaicProcess.run(["keys", "generate", "--out", keyPath, "--member", "alpha"])
        let publicKey = try #require(generated.standardOutput.split(separator: "\n").last { $0.hasPrefix("public_key: ") })
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Members"), withIntermediateDirectories: true)
        try "id: alpha\nname: Alpha\ncountry: BE\nrole: coordinator\n\(publicKey)\n"
            .write(to: folder.appendingPathComponent("Members/alpha.yaml"), atomically: true, encoding: .utf8)
        try "member: alpha\nkey_file: alpha.key\nmembers_dir: Members\n"
            .write(to: folder.appendingPathComponent("node.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func validConfigPrintsOkWithASummary() throws {
        let folder = try network()
        let outcome = try MosaicProcess.run(["config", "check", "--config", "node.yaml"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.hasPrefix("ok: node alpha (Alpha, BE), 1 members, 0 peers"))
    }

    /// Issue 14: plain HTTP to a host that is not loopback is a warning, not a refusal.
    @Test func aPlainHTTPEndpointOffLoopbackIsWarnedAbout() throws {
        let folder = try network()
        let memberFile = folder.appendingPathComponent("Members/alpha.yaml")
        try (try String(contentsOf: memberFile, encoding: .utf8) + "endpoint: http://alpha.example.org/\n")
            .write(to: memberFile, atomically: true, encoding: .utf8)
        let outcome = try MosaicProcess.run(["config", "check", "--config", "node.yaml"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.standardOutput.contains("warning: member 'alpha' has the endpoint http://alpha.example.org/, plain HTTP"))
        #expect(outcome.standardOutput.contains("ok: node alpha"))
    }

    @Test func configPathComesFromTheEnvironment() throws {
        let folder = try network()
        let outcome = try MosaicProcess.run(["config", "check"], environment: ["MOSAIC_CONFIG": "node.yaml"], in: folder)
        #expect(outcome.status == 0)
    }

    @Test func missingConfigPathIsExplained() throws {
        let outcome = try MosaicProcess.run(["config", "check"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("pass --config PATH or set MOSAIC_CONFIG"))
    }

    @Test func brokenConfigListsEveryProblemWithFileLineAndColumn() throws {
        let folder = try network()
        try "member: alpha\nkey_file: alpha.key\nmembers_dir: Members\nsync:\n  interval_seconds: 1\n  timout_seconds: 5\n"
            .write(to: folder.appendingPathComponent("node.yaml"), atomically: true, encoding: .utf8)
        let outcome = try MosaicProcess.run(["config", "check", "--config", "node.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(
            outcome.standardError.contains(
                "error: node.yaml:5:21: sync.interval_seconds: found 1; expected a whole number of seconds from 5 to 86400"))
        #expect(outcome.standardError.contains("error: node.yaml:6:3: sync.timout_seconds: found the unknown key 'timout_seconds'"))
        #expect(outcome.standardError.contains("did you mean 'timeout_seconds'?"))
        #expect(outcome.standardError.contains("2 problems found."))
    }

    @Test func jsonReportListsProblems() throws {
        let folder = try network()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder.appendingPathComponent("alpha.key").path)
        let outcome = try MosaicProcess.run(["config", "check", "--config", "node.yaml", "--json"], in: folder)
        #expect(outcome.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any])
        #expect(report["ok"] as? Bool == false)
        let problems = try #require(report["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect(problems.first?["key"] as? String == "key_file")
        #expect(problems.first?["line"] as? Int == 2)
        #expect(problems.first?["column"] as? Int == 11)
    }

    @Test func helpAndVersion() throws {
        let version = try MosaicProcess.run(["--version"])
        #expect(version.standardOutput == MosaicVersion.current + "\n")
        let help = try MosaicProcess.run(["--help"])
        #expect(help.status == 0)
        for command in ["config", "keys", "serve", "demo"] { #expect(help.standardOutput.contains(command)) }
    }
}
