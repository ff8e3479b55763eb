/// The clock the pull loop reads and sleeps on: any Swift `Clock` whose durations are `Duration`
/// (`ContinuousClock` in production, ``ManualClock`` in tests and the simulator), type-erased so
/// that sessions, schedulers and transports share one without being generic.
///
/// Readings are durations since the moment the clock was wrapped.
public struct SyncClock: Sendable {
    /// Time since the clock was wrapped.
    public let now: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    /// Wraps `clock`; its current instant becomes reading zero.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        now = { origin.duration(to: clock.now) }
        sleeper = { try await clock.sleep(until: origin.advanced(by: $0), tolerance: nil) }
    }

    /// The real monotonic clock.
    public static var continuous: SyncClock { SyncClock(ContinuousClock()) }

    /// Suspends until the reading is at least `deadline`.
    /// - Throws: `CancellationError` when the task is cancelled first.
    public func sleep(until deadline: Duration) async throws { try await sleeper(deadline) }

    /// Suspends for `duration` from now.
    /// - Throws: `CancellationError` when the task is cancelled first.
    public func sleep(for duration: Duration) async throws { try await sleeper(now() + duration) }
}
