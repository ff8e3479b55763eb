import Foundation
import MosaicSimulation
import Testing

/// A soak split over worker processes must report what one process would: the seed slices cover
/// every seed once, and tallies of disjoint runs add up, through their JSON form, to the whole.
@Suite struct SoakTallyTests {
    @Test(arguments: [(0, 10, 2), (7, 5, 3), (100, 3, 8), (0, 1, 2), (5, 100_000, 2)])
    func slicesCoverEverySeedOnceInOrder(first: Int, schedules: Int, count: Int) {
        let slices = SeedSlices.split(first: UInt64(first), schedules: schedules, count: count)
        #expect(slices.count == min(count, schedules))
        #expect(slices.allSatisfy { $0.schedules > 0 })
        #expect(slices.reduce(0) { $0 + $1.schedules } == schedules)
        #expect(slices.first?.seed == UInt64(first))
        #expect(slices.last?.last == UInt64(first + schedules - 1))
        for (before, after) in zip(slices, slices.dropFirst()) { #expect(after.seed == before.last + 1) }
        let sizes = slices.map(\.schedules)
        #expect(sizes.max()! - sizes.min()! <= 1)
    }

    @Test func tallyOfTwoHalvesThroughJSONEqualsTheWhole() async throws {
        var whole = SoakTally(), firstHalf = SoakTally(), secondHalf = SoakTally()
        for seed in UInt64(0)..<4 {
            let outcome = try await Schedule(seed: seed).run()
            whole.add(outcome)
            if seed < 2 { firstHalf.add(outcome) } else { secondHalf.add(outcome) }
        }
        whole.add(seed: 99, error: CancellationError())
        secondHalf.add(seed: 99, error: CancellationError())
        let decoded = try [firstHalf, secondHalf].map { try JSONDecoder().decode(SoakTally.self, from: try JSONEncoder().encode($0)) }
        let sum = decoded[0] + decoded[1]
        #expect(sum == whole)
        #expect(sum.report == whole.report)
        #expect(sum.schedules == 5 && sum.failures.map(\.seed) == [99])
        #expect(whole.traffic.requests > 0 && whole.acknowledged > 0, "the schedules did nothing to add up")
    }
}
