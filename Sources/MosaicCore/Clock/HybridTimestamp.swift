/// A hybrid logical clock reading (Kulkarni et al.): wall-clock milliseconds plus a counter
/// that orders events within one millisecond and keeps causality when clocks drift.
public struct HybridTimestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Milliseconds since 1970, the largest physical time seen.
    public var wallMillis: Int64
    /// Logical counter within `wallMillis`.
    public var counter: Int64

    public init(wallMillis: Int64, counter: Int64) {
        self.wallMillis = wallMillis
        self.counter = counter
    }

    /// The largest counter a commit may carry: far beyond any real burst within one millisecond,
    /// far below overflow.
    public static let maxCounter: Int64 = 1 << 40

    /// The zero reading, before any event.
    public static let zero = HybridTimestamp(wallMillis: 0, counter: 0)

    public static func < (lhs: HybridTimestamp, rhs: HybridTimestamp) -> Bool {
        (lhs.wallMillis, lhs.counter) < (rhs.wallMillis, rhs.counter)
    }

    public var description: String { "\(wallMillis).\(counter)" }
}

/// The node's hybrid logical clock. Value type: the store keeps it and persists its reading.
public struct HybridClock: Sendable {
    /// The greatest timestamp issued or observed.
    public private(set) var last: HybridTimestamp

    public init(last: HybridTimestamp = .zero) { self.last = last }

    /// A timestamp for a local event, greater than every timestamp issued or observed.
    /// - Parameter nowMillis: the physical clock now.
    public mutating func tick(nowMillis: Int64) -> HybridTimestamp {
        if nowMillis > last.wallMillis {
            last = HybridTimestamp(wallMillis: nowMillis, counter: 0)
        } else if last.counter < .max {
            last = HybridTimestamp(wallMillis: last.wallMillis, counter: last.counter + 1)
        } else {
            // A peer's commit may carry the counter Int64.max (any counter is valid); the next
            // reading is then the next millisecond. The wall stays far below Int64.max: the clock
            // bound refuses commits dated more than minutes ahead.
            last = HybridTimestamp(wallMillis: last.wallMillis + 1, counter: 0)
        }
        return last
    }

    /// Takes a remote timestamp into account so that later local events come after it.
    public mutating func observe(_ remote: HybridTimestamp) {
        if remote > last { last = remote }
    }
}
