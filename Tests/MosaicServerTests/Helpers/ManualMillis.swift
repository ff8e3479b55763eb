import Synchronization

/// Milliseconds since 1970 that only the test moves, for `now` closures.
final class ManualMillis: Sendable {
    private let value: Mutex<Int64>
    init(_ start: Int64) { value = Mutex(start) }
    var now: Int64 { value.withLock { $0 } }
    func advance(_ millis: Int64) { value.withLock { $0 += millis } }
}
