import Foundation
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// An import of 10 MB of text (issue 12, point 7; `13-oversized-commit.py`) is split into signed
/// commits a peer accepts, and a peer pulls all of it over HTTP.
@Suite struct LargeImportSyncTests {
    let a = MemberID("node-a")!, b = MemberID("node-b")!

    /// 500 practices with descriptions of 19,990 characters, as `13-oversized-commit.py` writes them.
    static func bigCSV() -> String {
        var random = SplitMix64(seed: 1)
        let words = "protection enfance formation repérage signalement école famille victime accompagnement prévention"
            .split(separator: " ").map(String.init)
        var text = "type,title.fr,description.fr,themes\r\n"
        for index in 0..<500 {
            let description = (0..<2600).map { _ in random.pick(words) }.joined(separator: " ").prefix(19_990)
            text += "practice,Fiche \(index),\"\(description)\",training\r\n"
        }
        return text
    }

    @Test func tenMegabytesOfImportedTextTravelInCommitsAPeerAccepts() async throws {
        // setup
        let directory = LiveNode.directory([a, b], coordinators: [])
        let nodeA = try await LiveNode.start(a, directory: directory)
        let nodeB = try await LiveNode.start(b, directory: directory)
        defer { Task { for node in [nodeA, nodeB] { await node.stop() } } }
        let csv = Self.bigCSV()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-big-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("13-big-import.csv").path
        try csv.write(toFile: path, atomically: true, encoding: .utf8)

        // MUT
        let report = try await nodeA.catalogue.importRecords(from: try ImportFile(path: path), skipInvalid: false)

        // validate: several commits, each within the limit every receiver enforces.
        #expect(csv.utf8.count > 10_000_000)
        #expect(report.created == 500)
        let (commits, _) = try await nodeA.catalogue.commits(after: VersionVector(), limit: .max)
        #expect(commits.count == report.commits && commits.count >= 2)
        #expect(commits.allSatisfy { $0.bytes.count <= Commit.maxBytes })
        #expect(commits.map(\.bytes.count).reduce(0, +) > 10_000_000)
        let outcome = await nodeB.pull(from: nodeA)
        #expect(outcome.failure == nil, "\(outcome.failure.map(\.description) ?? "")")
        #expect(try await nodeB.catalogue.list(limit: 1000).count == 500)
        #expect(try await nodeB.catalogue.digest() == nodeA.catalogue.digest())
    }
}
