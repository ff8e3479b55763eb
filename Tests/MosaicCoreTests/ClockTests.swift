import MosaicCore
import Testing

/// The hybrid logical clock and the clock-skew bound.
@Suite struct ClockTests {
    @Test func tickIsMonotonicEvenWhenTheWallClockGoesBack() {
        var clock = HybridClock()
        let first = clock.tick(nowMillis: 1000)
        let second = clock.tick(nowMillis: 900)
        let third = clock.tick(nowMillis: 1000)
        #expect(first < second && second < third)
        #expect(second == HybridTimestamp(wallMillis: 1000, counter: 1))
    }

    @Test func observingARemoteClockKeepsCausality() {
        var clock = HybridClock()
        _ = clock.tick(nowMillis: 1000)
        clock.observe(HybridTimestamp(wallMillis: 5000, counter: 7))
        #expect(clock.tick(nowMillis: 1001) == HybridTimestamp(wallMillis: 5000, counter: 8))
    }

    @Test func boundRefusesFarFutureOnly() {
        let bound = ClockBound(seconds: 300)
        #expect(bound.excess(of: HybridTimestamp(wallMillis: 120_000, counter: 0), nowMillis: 0) == nil)
        #expect(bound.excess(of: HybridTimestamp(wallMillis: 300_000, counter: 9), nowMillis: 0) == nil)
        #expect(bound.excess(of: HybridTimestamp(wallMillis: 600_000, counter: 0), nowMillis: 0) == 600_000)
    }

    @Test func versionVectorCompares() {
        let a = MemberID("aa")!, b = MemberID("bb")!
        let small = VersionVector([a: 2]), big = VersionVector([a: 3, b: 1])
        #expect(big.dominates(small) && !small.dominates(big))
        #expect(small.missing(from: big) == 2)
        #expect(VersionVector(json: big.json) == big)
        #expect(VersionVector(json: .object(["A": .int(1)])) == nil)
    }
}
