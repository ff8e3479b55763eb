/// Splits a soak's seeds (`first`, `first + 1`, … for `schedules` schedules) into contiguous slices,
/// one per worker process of `mosaic-sim`.
public enum SeedSlices {
    /// One worker's seeds: `schedules` seeds from `seed` on.
    public struct Slice: Sendable, Hashable {
        public let seed: UInt64
        public let schedules: Int
        /// The slice's last seed.
        public var last: UInt64 { seed &+ UInt64(max(schedules, 1) - 1) }
    }

    /// At most `count` slices (never an empty one) that cover every seed once, in order, their sizes
    /// differing by at most one.
    public static func split(first: UInt64, schedules: Int, count: Int) -> [Slice] {
        guard schedules > 0 else { return [] }
        let parts = max(1, min(count, schedules))
        var slices: [Slice] = []
        var seed = first
        for index in 0..<parts {
            let size = schedules / parts + (index < schedules % parts ? 1 : 0)
            slices.append(Slice(seed: seed, schedules: size))
            seed &+= UInt64(size)
        }
        return slices
    }
}
