import Foundation
import MosaicSimulation
import Testing

/// Seeded federation schedules under every fault: each must converge to one digest and lose no
/// acknowledged write. `MOSAIC_SIM_SCHEDULES=N` changes the count (default 1,000); a failing seed
/// is printed and `MOSAIC_SIM_SEED=N swift test --filter FederationScheduleTests` replays it alone
/// (as does `mosaic-sim --schedules 1 --seed N`).
@Suite struct FederationScheduleTests {
    static let schedules = Int(ProcessInfo.processInfo.environment["MOSAIC_SIM_SCHEDULES"] ?? "") ?? 1000
    static let chunks = 8

    @Test(arguments: 0..<chunks)
    func schedulesConvergeWithoutLoss(chunk: Int) async throws {
        let seeds: [UInt64]
        if let only = ProcessInfo.processInfo.environment["MOSAIC_SIM_SEED"].flatMap(UInt64.init) {
            seeds = chunk == 0 ? [only] : []
        } else {
            seeds = stride(from: chunk, to: Self.schedules, by: Self.chunks).map { UInt64($0) }
        }
        var tally = SoakTally()
        for seed in seeds {
            do {
                let outcome = try await Schedule(seed: seed).run()
                #expect(outcome.passed, "seed \(seed) failed; replay with MOSAIC_SIM_SEED=\(seed): \(outcome.problems.prefix(5))")
                tally.add(outcome)
            } catch {
                Issue.record("seed \(seed) threw \(error); replay with MOSAIC_SIM_SEED=\(seed)")
            }
        }
        print("chunk \(chunk): " + tally.report.joined(separator: "; "))
        // The schedules must exercise what they claim to: every fault, conflicts and proposals happen.
        if seeds.count >= 50 {
            let traffic = tally.traffic
            #expect(traffic.failedPulls > 0 && traffic.refusedGap > 0 && traffic.duplicatedPages > 0 && traffic.reorderedInboxes > 0)
            #expect(traffic.refusedClock > 0, "no page was ever refused for the clock bound: the skew is not exercised")
            #expect(traffic.duplicateCommits > 0)
            #expect(tally.withConflict > seeds.count / 6, "only \(tally.withConflict) of \(seeds.count) schedules had a conflict")
            #expect(tally.withProposal > seeds.count / 6, "only \(tally.withProposal) of \(seeds.count) schedules had a proposal")
            // Directory changes too: entries, rotations, revocations, and the commits they refuse.
            let directory = tally.directory
            #expect(directory.entryChanges > 0 && directory.rotations > 0 && directory.revocations > 0, "\(directory)")
            #expect(traffic.directoryCommitsDelivered > 0)
        }
    }

    @Test func aSeedReplaysExactly() async throws {
        let first = try await Schedule(seed: 4242).run()
        let second = try await Schedule(seed: 4242).run()
        #expect(first.faultyTraffic == second.faultyTraffic)
        #expect(first.healTraffic == second.healTraffic)
        #expect(first.roundsToConverge == second.roundsToConverge)
        #expect(first.acknowledged == second.acknowledged && first.nodes == second.nodes && first.topology == second.topology)
    }
}
