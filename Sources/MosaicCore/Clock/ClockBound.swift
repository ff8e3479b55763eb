/// How far in the future a commit's clock may be: commits beyond it are refused, so that
/// one member's runaway clock cannot drag every node's clock forward.
public struct ClockBound: Sendable, Hashable {
    /// Largest accepted lead over the local physical clock, in milliseconds.
    public let maxLeadMillis: Int64

    /// The default bound, 5 minutes.
    public static let standard = ClockBound(seconds: 300)

    public init(seconds: Int) { maxLeadMillis = Int64(seconds) * 1000 }

    /// `nil` when `timestamp` is acceptable at `nowMillis`, otherwise how far ahead it is, in ms.
    public func excess(of timestamp: HybridTimestamp, nowMillis: Int64) -> Int64? {
        let lead = timestamp.wallMillis - nowMillis
        return lead > maxLeadMillis ? lead : nil
    }
}
