import Foundation
import MosaicConfig
import MosaicCore
import Yams

/// Loading and checking a member directory of a worldwide network (120 members), against
/// the floor of reading and parsing the same YAML files without any check.
enum DirectoryLoadBenchmark {
    static let memberCount = 120

    static func run(into report: inout BenchmarkReport) throws {
        let folder = try writeDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).map { folder.appendingPathComponent($0).path }

        let checked = try Stopwatch.median(runs: 20) {
            guard case .success(let directory) = MemberDirectoryLoader.load(path: folder.path), directory.members.count == memberCount
            else { throw BenchmarkFailure("the generated directory did not load") }
        }
        let parsedOnly = try Stopwatch.median(runs: 20) {
            for file in files {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                _ = try Yams.compose(yaml: text)
            }
        }
        report.add(
            .init(
                name: "member directory load + check, \(memberCount) members",
                figure: String(format: "%.1f ms", checked * 1000),
                baseline: String(format: "%.1f ms (read + YAML parse only)", parsedOnly * 1000),
                ratio: checked / parsedOnly, target: "startup cost; no target"))
    }

    private static func writeDirectory() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-bench-members-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let countries = ["BE", "FR", "DE", "NL", "AT", "PL", "MD", "UA", "KZ", "KG", "TJ", "UZ", "GE", "AM", "RO", "BG"]
        for index in 0..<memberCount {
            let id = "member-\(index)"
            let text = """
                id: \(id)
                name: Member organisation number \(index)
                country: \(countries[index % countries.count])
                languages: [en, fr, ru]
                endpoint: https://node\(index).example.org
                public_key: \(MemberSigningKey().publicKey.base64)
                role: \(index == 0 ? "coordinator" : "member")

                """
            try text.write(to: folder.appendingPathComponent("\(id).yaml"), atomically: true, encoding: .utf8)
        }
        return folder
    }
}

/// A benchmark that could not measure what it should.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
