import MosaicSimulation
import Testing

@testable import MosaicStore

/// The simulator checks every node's directory digest, so a defect in the directory fold must fail
/// seeded schedules: a fold that keeps the last-arrived member entry instead of the one with the
/// greatest `(hlc, write id)` (a ``DirectoryDefect``, reachable only through `@testable`) is run on
/// the same seeds as the sound fold, which passes them all.
@Suite struct BrokenDirectoryFoldTests {
    static let seeds: [UInt64] = Array(0..<24)
    /// Directory changes in most rounds and always two coordinators, so concurrent publishes are common.
    static let settings: ScheduleSettings = {
        var settings = ScheduleSettings.fast
        settings.directoryChanges = 0.8
        settings.secondCoordinator = 1
        return settings
    }()

    /// The seeds whose schedule failed, each with its first problem.
    static func failures(_ defect: DirectoryDefect?) async throws -> [UInt64: String] {
        var failed: [UInt64: String] = [:]
        for seed in seeds {
            let outcome = try await Schedule(
                seed: seed, settings: settings,
                catalogue: { catalogue in
                    var catalogue = catalogue
                    catalogue.directoryDefect = defect
                    return catalogue
                }
            ).run()
            if let problem = outcome.problems.first { failed[seed] = problem }
        }
        return failed
    }

    @Test func theSoundFoldPassesTheSeeds() async throws {
        let failed = try await Self.failures(nil)
        #expect(failed.isEmpty, "\(failed.sorted { $0.key < $1.key }.prefix(3))")
    }

    @Test func aFoldWhereTheLastArrivedEntryWinsFailsTheSeeds() async throws {
        let failed = try await Self.failures(.lastArrivedWins)
        print("lastArrivedWins: caught by \(failed.count) of \(Self.seeds.count) seeds")
        #expect(failed.count >= Self.seeds.count / 4, "only \(failed.count) of \(Self.seeds.count) seeds caught the defect")
        #expect(failed.values.contains { $0.contains("different directories") })
    }
}
