import Foundation
import Testing

/// `mosaic status --check` runs the full integrity check: "ok" and exit 0 on an intact database,
/// exit 1 on a damaged one (so scripts and timers notice).
@Suite struct StatusCheckTests {
    @Test func anIntactDatabasePassesAndADamagedOneFails() async throws {
        let chain = try ChainFederation(pageSize: 50)
        try await chain.importIntoA(300)
        let node = ChainFederation.a
        let intact = try chain.demo.run(node, ["status", "--check"])
        #expect(intact.standardOutput.contains("integrity   ok"))
        // Damage the middle of the file (the import's pages), leaving its header and schema alone.
        let path = try chain.setup(node).config.databasePath
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        let size = try handle.seekToEnd()
        #expect(size > 64 * 1024)
        try handle.seek(toOffset: size / 2)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 16 * 1024))
        try handle.close()
        let damaged = try chain.demo.run(node, ["status", "--check"], expectFailure: true)
        #expect(damaged.status == 1)
        let said = damaged.standardOutput + damaged.standardError
        #expect(said.contains("integrity check") || said.contains("malformed"), "\(said)")
    }
}
