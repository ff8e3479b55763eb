import MosaicSimulation
import Testing

@testable import MosaicSync

/// The simulator runs the real `PullSession`, so a defect in the pull loop must fail seeded
/// schedules: each deliberate `PullDefect` (reachable only through `@testable`) is run on the same
/// seeds as the sound session, which passes them all.
@Suite struct BrokenSessionTests {
    static let seeds: [UInt64] = Array(0..<24)

    /// The seeds whose schedule failed, each with its first problem.
    static func failures(_ defect: PullDefect?) async throws -> [UInt64: String] {
        var failed: [UInt64: String] = [:]
        for seed in seeds {
            let outcome = try await Schedule(seed: seed) { session in
                var session = session
                session.defect = defect
                return session
            }.run()
            if let problem = outcome.problems.first { failed[seed] = problem }
        }
        return failed
    }

    @Test func theSoundSessionPassesTheSeeds() async throws {
        let failed = try await Self.failures(nil)
        #expect(failed.isEmpty, "\(failed.sorted { $0.key < $1.key }.prefix(3))")
    }

    @Test func aSessionThatNeverAsksAgainFailsTheSeeds() async throws {
        let failed = try await Self.failures(.endsAfterFirstPage)
        print("endsAfterFirstPage: caught by \(failed.count) of \(Self.seeds.count) seeds")
        #expect(failed.count >= Self.seeds.count / 2, "only \(failed.count) of \(Self.seeds.count) seeds caught the defect")
        #expect(failed.values.contains { $0.contains("ended a successful round") && $0.contains("still lacking") })
    }

    @Test func aSessionThatSkipsARefusedPageFailsTheSeeds() async throws {
        let failed = try await Self.failures(.skipsRefusedPage)
        print("skipsRefusedPage: caught by \(failed.count) of \(Self.seeds.count) seeds")
        #expect(failed.count >= Self.seeds.count / 4, "only \(failed.count) of \(Self.seeds.count) seeds caught the defect")
        #expect(failed.values.contains { $0.contains("ended a successful round") && $0.contains("still lacking") })
    }
}
