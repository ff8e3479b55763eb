import MosaicConfig
import MosaicSync
import Testing

/// The pull schedule: interval plus jitter, exponential back-off capped.
@Suite struct PullScheduleTests {
    let schedule = PullSchedule(interval: 60, jitter: 10, backoffCap: 900)

    @Test func healthyPeerWaitsTheIntervalPlusJitter() {
        #expect(schedule.delay(afterConsecutiveFailures: 0, unit: 0) == 60)
        #expect(schedule.delay(afterConsecutiveFailures: 0, unit: 0.5) == 65)
        #expect(schedule.delay(afterConsecutiveFailures: 0, unit: 0.999) < 70)
    }

    @Test func failuresDoubleTheWaitUpToTheCap() {
        let waits = (1...6).map { schedule.delay(afterConsecutiveFailures: $0, unit: 0) }
        #expect(waits == [60, 120, 240, 480, 900, 900])
    }

    @Test func longOutagesDoNotOverflow() {
        #expect(schedule.delay(afterConsecutiveFailures: 10_000, unit: 1) == 910)
    }

    @Test func jitterUnitIsClamped() {
        #expect(schedule.delay(afterConsecutiveFailures: 0, unit: -3) == 60)
        #expect(schedule.delay(afterConsecutiveFailures: 0, unit: 7) == 70)
    }

    @Test func builtFromSyncSettings() {
        var settings = SyncSettings()
        settings.intervalSeconds = 10
        settings.jitterSeconds = 2
        settings.backoffMaxSeconds = 5  // below the interval: the interval wins
        let fromSettings = PullSchedule(settings)
        #expect(fromSettings.backoffCap == 10)
        #expect(fromSettings.delay(afterConsecutiveFailures: 3, unit: 0.5) == 11)
    }
}
