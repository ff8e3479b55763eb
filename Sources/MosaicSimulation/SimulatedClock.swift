import Foundation

/// A node's physical clock in a simulation: true time, which the harness moves, plus the node's fixed skew.
public final class SimulatedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var trueMillis: Int64
    /// How far this node's clock is from true time, in milliseconds.
    public let skewMillis: Int64

    public init(trueMillis: Int64, skewMillis: Int64) {
        self.trueMillis = trueMillis
        self.skewMillis = skewMillis
    }

    /// What the node reads as the time, in milliseconds since 1970.
    public var now: Int64 { lock.withLock { trueMillis + skewMillis } }

    /// Sets true time (never backwards).
    public func set(trueMillis value: Int64) { lock.withLock { trueMillis = max(trueMillis, value) } }
}
