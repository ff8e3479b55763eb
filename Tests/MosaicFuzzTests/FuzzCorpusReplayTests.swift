import Foundation
import MosaicFuzzHarness
import Testing

/// Replays the fuzz corpora and the crashers kept as regressions through the same harness as
/// the libFuzzer targets (`make fuzz`), without libFuzzer: every input must be refused with the
/// store unchanged or applied whole.
@Suite struct FuzzCorpusReplayTests {
    /// `Tests/Fuzz` in this checkout.
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz").path

    static func files(_ kind: String, _ target: FuzzTarget) -> [String] {
        let folder = "\(fuzzFolder)/\(kind)/\(target.rawValue)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(folder)/\($0)" }
    }

    @Test(arguments: FuzzTarget.allCases)
    func corpusAndRegressionsReplay(_ target: FuzzTarget) async throws {
        let fixture = try await FuzzFixture.make()
        let corpus = Self.files("corpus", target)
        #expect(!corpus.isEmpty, "no seed corpus in Tests/Fuzz/corpus/\(target.rawValue)")
        for path in corpus + Self.files("regressions", target) {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(bytes.count <= target.maxLength, "\(path) is longer than the target's -max_len")
            do {
                _ = try await target.run(bytes, in: fixture)
            } catch {
                Issue.record("\(path): \(error)")
            }
        }
    }

    /// The seeds reach past the parsers: each target has inputs that are applied and inputs
    /// that are refused, so the fuzzer starts on both sides of every check.
    @Test(arguments: FuzzTarget.allCases)
    func seedsAreAppliedAndRefused(_ target: FuzzTarget) async throws {
        let fixture = try await FuzzFixture.make()
        var applied: [String] = [], rejected: [String] = []
        for seed in try await FuzzSeeds.seeds(for: target, in: fixture) {
            switch try await target.run(seed.bytes, in: fixture) {
            case .applied: applied.append(seed.name)
            case .rejected: rejected.append(seed.name)
            }
        }
        #expect(!applied.isEmpty, "no seed of \(target.rawValue) is applied (refused: \(rejected))")
        #expect(!rejected.isEmpty, "no seed of \(target.rawValue) is refused (applied: \(applied))")
    }
}
