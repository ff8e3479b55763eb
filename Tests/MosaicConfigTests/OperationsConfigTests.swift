import Foundation
import MosaicConfig
import MosaicCore
import Testing

/// The `backup:` and `log:` sections of a node's configuration.
@Suite struct OperationsConfigTests {
    @Test func backupAndLogSectionsLoad() throws {
        let fixture = try NetworkFixture()
        try fixture.write(
            "node.yaml", NetworkFixture.nodeFile + "backup:\n  folder: backups\n  keep_daily: 14\nlog:\n  level: warning\n  format: json\n")
        let config = try fixture.load().get().config
        #expect(config.backup == BackupSettings(folder: fixture.path("backups"), keepDaily: 14))
        #expect(config.log.level == "warning" && config.log.format == .json)
    }

    @Test func defaultsWithoutTheSections() throws {
        let config = try NetworkFixture().load().get().config
        #expect(config.backup == nil)
        #expect(config.log == LogSettings())
        #expect(config.log.level == "info" && config.log.format == .logfmt)
    }

    @Test func badValuesAreLocatedAndExplained() throws {
        let fixture = try NetworkFixture()
        try fixture.write(
            "node.yaml", NetworkFixture.nodeFile + "backup:\n  keep_daily: 0\nlog:\n  level: loud\n  format: xml\n  colour: true\n")
        let problems = fixture.problems()
        let byKey = Dictionary(problems.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byKey["backup.folder"] != nil, "a backup section without its folder")
        #expect(byKey["backup.keep_daily"]?.found == "0")
        #expect(byKey["log.level"]?.expected.contains("warning") == true)
        #expect(byKey["log.format"]?.expected == "logfmt or json")
        #expect(byKey["log.colour"] != nil)
        #expect(problems.allSatisfy { $0.file.hasSuffix("node.yaml") && $0.line > 0 })
    }
}
