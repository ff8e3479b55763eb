import MosaicConfig

/// When to pull a peer next: every interval plus a random jitter, backing off
/// exponentially after failures up to a cap. A pure function of its inputs.
public struct PullSchedule: Sendable, Hashable {
    /// Seconds between pulls when all goes well.
    public let interval: Double
    /// Largest random extra delay, in seconds.
    public let jitter: Double
    /// Longest wait after failures, in seconds.
    public let backoffCap: Double

    public init(interval: Double, jitter: Double, backoffCap: Double) {
        self.interval = interval
        self.jitter = jitter
        self.backoffCap = max(backoffCap, interval)
    }

    /// The schedule a node's sync settings describe.
    public init(_ settings: SyncSettings) {
        self.init(
            interval: Double(settings.intervalSeconds), jitter: Double(settings.jitterSeconds),
            backoffCap: Double(settings.backoffMaxSeconds))
    }

    /// Seconds to wait before the next pull.
    /// - Parameters:
    ///   - consecutiveFailures: failed rounds since the last success (0 after a success).
    ///   - unit: a random number in `0..<1`, injected so that tests are deterministic.
    public func delay(afterConsecutiveFailures consecutiveFailures: Int, unit: Double) -> Double {
        let base: Double
        if consecutiveFailures <= 0 {
            base = interval
        } else {
            // 2^(failures-1) × interval, computed without overflow for long outages.
            let exponent = min(consecutiveFailures - 1, 32)
            base = min(backoffCap, interval * Double(1 << exponent))
        }
        return base + jitter * min(max(unit, 0), 1)
    }
}
