import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A node killed with SIGKILL in the middle of a large pull: its database is intact, it holds a
/// whole number of pages (no acknowledged commit lost, no partial page), and it resumes and converges.
@Suite struct CrashResumeTests {
    @Test func aKilledPullResumesAndConverges() async throws {
        let demo = try DemoCopy()
        // The source node (ecpat-be) holds 5,000 records in 10 commits of 500.
        var csv = "type,title.fr,themes,countries\n"
        for index in 0..<5000 { csv += "practice,Fiche de pratique numéro \(index),training|reporting,BE\n" }
        try csv.write(toFile: demo.path("big.csv"), atomically: true, encoding: .utf8)
        try demo.run("ecpat-be", ["import", demo.path("big.csv")])
        // It listens on a free port; the member directory learns it.
        let sourceConfig = try String(contentsOfFile: demo.config("ecpat-be"), encoding: .utf8)
            .replacingOccurrences(of: "listen: 127.0.0.1:8402", with: "listen: 127.0.0.1:0")
        try sourceConfig.write(toFile: demo.config("ecpat-be"), atomically: true, encoding: .utf8)
        let server = Process()
        server.executableURL = MosaicProcess.executable
        server.arguments = ["serve", "--config", demo.config("ecpat-be")]
        server.currentDirectoryURL = demo.root
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate() }
        var printed = ""
        while !printed.contains("\n"), let chunk = try output.fileHandleForReading.read(upToCount: 1), !chunk.isEmpty {
            printed += String(decoding: chunk, as: UTF8.self)
        }
        let url = printed.components(separatedBy: "serving at ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let port = try #require(URL(string: url)?.port)
        let member = demo.path("Members/ecpat-be.yaml")
        try String(contentsOfFile: member, encoding: .utf8).replacingOccurrences(
            of: "http://127.0.0.1:8402", with: "http://127.0.0.1:\(port)"
        )
        .write(toFile: member, atomically: true, encoding: .utf8)
        // The target pulls one commit (500 records) per page.
        let targetConfig = try String(contentsOfFile: demo.config("ecpat-fr"), encoding: .utf8)
            .replacingOccurrences(of: "sync:\n", with: "sync:\n  page_size: 1\n")
        try targetConfig.write(toFile: demo.config("ecpat-fr"), atomically: true, encoding: .utf8)

        // MUT: kill the pull in the middle: the process kills itself (SIGKILL) right after its
        // fourth page is applied (the test-only crash hook of the command line), so the point of
        // death does not depend on the machine's speed.
        let pull = Process()
        pull.executableURL = MosaicProcess.executable
        pull.arguments = ["sync", "--peer", "ecpat-be", "--config", demo.config("ecpat-fr")]
        pull.currentDirectoryURL = demo.root
        var environment = ProcessInfo.processInfo.environment
        environment["MOSAIC_CRASH_AT"] = "pull.page-applied"
        environment["MOSAIC_CRASH_SKIP"] = "3"
        pull.environment = environment
        pull.standardOutput = FileHandle.nullDevice
        pull.standardError = FileHandle.nullDevice
        try pull.run()
        pull.waitUntilExit()
        #expect(pull.terminationReason == .uncaughtSignal)

        // validate: intact, a whole number of pages, then resume to convergence.
        let after = try #require(try demo.json("ecpat-fr", ["status", "--check"]) as? [String: Any])
        #expect(after["integrity"] as? String == "ok")
        let held = ((after["vector"] as? [String: Any])?["ecpat-be"] as? Int) ?? 0
        #expect(held == 4, "four pages of one commit each were applied before the kill")
        #expect((after["practices"] as? Int) == held * 500)
        try demo.run("ecpat-fr", ["sync", "--peer", "ecpat-be"])
        let source = try #require(try demo.json("ecpat-be", ["status"]) as? [String: Any])
        let target = try #require(try demo.json("ecpat-fr", ["status", "--check"]) as? [String: Any])
        #expect(target["digest"] as? String == source["digest"] as? String)
        #expect(target["practices"] as? Int == 5000)
        #expect(target["integrity"] as? String == "ok")
    }
}
