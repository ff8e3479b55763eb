import Foundation
import Testing

@testable import MosaicStore

/// The parallel map keeps order and frees every result (a leak here once grew a node by ~7 KB per
/// record applied).
@Suite struct ParallelMapTests {
    /// Counts live instances.
    final class Tracked: @unchecked Sendable {
        nonisolated(unsafe) static var live = 0
        static let lock = NSLock()
        let value: Int
        init(_ value: Int) {
            self.value = value
            Self.lock.withLock { Self.live += 1 }
        }
        deinit { Self.lock.withLock { Self.live -= 1 } }
    }

    @Test func keepsOrderAndFreesResults() {
        do {
            let results = ParallelMap.map(Array(0..<1000)) { Tracked($0 * 2) }
            #expect(results.map(\.value) == (0..<1000).map { $0 * 2 })
        }
        #expect(Tracked.lock.withLock { Tracked.live } == 0)
    }
}
