import Synchronization

/// A clock that moves only when told: tests and the simulator drive time with ``advance(by:)``,
/// so that back-off, deadlines and schedules are checked without waiting for real time.
///
/// With `autoAdvance`, a sleep moves the clock to its deadline at once (virtual time for a single
/// task, such as a trickling peer read against a deadline). Hand-written rather than taken from
/// pointfreeco/swift-clocks: its `TestClock` would bring IssueReporting and XCTest hooks into the
/// production module, which the simulator and the node share.
public final class ManualClock: Clock, Sendable {
    /// A point on the manual clock: the time since it started.
    public struct Instant: InstantProtocol, Sendable {
        /// Time since the clock started.
        public var offset: Swift.Duration

        public init(offset: Swift.Duration) { self.offset = offset }
        public func advanced(by duration: Swift.Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Swift.Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        let id: UInt64
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
    }

    private let state = Mutex(State())
    /// Whether a sleep moves the clock to its deadline instead of waiting for ``advance(by:)``.
    public let autoAdvance: Bool

    public init(autoAdvance: Bool = false) { self.autoAdvance = autoAdvance }

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Swift.Duration { .zero }

    /// Tasks currently waiting on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: Instant, tolerance: Swift.Duration? = nil) async throws {
        try Task.checkCancellation()
        if autoAdvance {
            state.withLock { $0.now = max($0.now, deadline) }
            await Task.yield()
            return
        }
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // A cancellation that came before the sleeper is listed finds nothing to cancel: check here.
                let cancelled = Task.isCancelled
                let resumeNow = state.withLock { state -> Bool in
                    if cancelled || deadline <= state.now { return true }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if cancelled {
                    continuation.resume(throwing: CancellationError())
                } else if resumeNow {
                    continuation.resume()
                }
            }
        } onCancel: {
            let cancelled = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward by `duration` and wakes every sleeper whose deadline has come.
    public func advance(by duration: Swift.Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Waits (yielding, never sleeping) until at least `count` tasks sleep on the clock.
    /// - Returns: `false` when that did not happen within `attempts` yields.
    @discardableResult
    public func waitForSleepers(_ count: Int, attempts: Int = 1_000_000) async -> Bool {
        for _ in 0..<attempts {
            if sleeperCount >= count { return true }
            await Task.yield()
        }
        return sleeperCount >= count
    }
}
