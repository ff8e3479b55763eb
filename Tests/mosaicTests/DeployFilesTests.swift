import Foundation
import Testing

/// The files of `deploy/`: the systemd unit passes `systemd-analyze verify` with the built binary,
/// and keeps its hardening.
@Suite struct DeployFilesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `systemd-analyze verify` on `unit` (a unit file's text) saved as `mosaic.service`: its exit status and everything it printed.
    private func verify(_ unit: String) throws -> (status: Int32, output: String) {
        let folder = try MosaicProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("mosaic.service")
        try unit.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        // `scripts/setup.sh` installs Debian's `systemd` package, which holds systemd-analyze.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/systemd-analyze")
        process.arguments = ["verify", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The shipped unit with `ExecStart` pointing at the binary this test run built.
    private func unitWithBuiltBinary() throws -> String {
        let unit = try String(contentsOf: Self.repository.appendingPathComponent("deploy/mosaic.service"), encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/mosaic serve --config /etc/mosaic/node.yaml"))
        return unit.replacingOccurrences(of: "ExecStart=/usr/local/bin/mosaic ", with: "ExecStart=\(MosaicProcess.executable.path) ")
    }

    @Test func unitPassesSystemdAnalyzeVerifyWithoutAWarning() throws {
        let (status, output) = try verify(try unitWithBuiltBinary())
        #expect(status == 0, "\(output)")
        #expect(output.isEmpty, "systemd-analyze verify warned: \(output)")
    }

    @Test func verifyCatchesAMistakeInTheUnit() throws {
        // The check above can fail: a misspelt directive is reported (verify still exits 0, hence the output check).
        let broken = try unitWithBuiltBinary().replacingOccurrences(of: "ProtectSystem=strict", with: "ProtectSytem=strict")
        let (_, output) = try verify(broken)
        #expect(output.contains("ProtectSytem"), "\(output)")
        let missing = try unitWithBuiltBinary().replacingOccurrences(of: MosaicProcess.executable.path, with: "/nonexistent/mosaic")
        #expect(try verify(missing).status != 0)
    }

    @Test func unitIsHardened() throws {
        let unit = try String(contentsOf: Self.repository.appendingPathComponent("deploy/mosaic.service"), encoding: .utf8)
        let lines = Set(unit.split(separator: "\n").map(String.init))
        for directive in [
            "User=mosaic", "ProtectSystem=strict", "ReadWritePaths=/var/lib/mosaic /var/backups/mosaic", "NoNewPrivileges=yes",
            "PrivateTmp=yes", "ProtectHome=yes", "Restart=on-failure", "CapabilityBoundingSet=",
        ] {
            #expect(lines.contains(directive), "deploy/mosaic.service lacks \(directive)")
        }
    }

    @Test func theServiceCommandLineIsOneTheBinaryAccepts() throws {
        // `serve --help` parses the same subcommand and option the unit passes.
        let outcome = try MosaicProcess.run(["serve", "--config", "/etc/mosaic/node.yaml", "--help"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("--config"))
    }
}
