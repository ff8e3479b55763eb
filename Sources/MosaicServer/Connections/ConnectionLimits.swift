import Synchronization

/// Open connections counted in all and per remote address, shared by every connection of one
/// server; ``ConnectionLimiter`` asks it to admit a connection and releases it on close.
final class ConnectionLimits: Sendable {
    /// Most open connections in all.
    let total: Int
    /// Most open connections from one remote address.
    let perAddress: Int
    private let counts = Mutex<(total: Int, byAddress: [String: Int])>((0, [:]))

    init(total: Int, perAddress: Int) {
        self.total = total
        self.perAddress = perAddress
    }

    /// Counts a new connection from `address`; `false` (nothing counted) when a cap is reached.
    func admit(_ address: String) -> Bool {
        counts.withLock { counts in
            let fromAddress = counts.byAddress[address, default: 0]
            guard counts.total < total, fromAddress < perAddress else { return false }
            counts.total += 1
            counts.byAddress[address] = fromAddress + 1
            return true
        }
    }

    /// Forgets a connection that ``admit(_:)`` counted.
    func release(_ address: String) {
        counts.withLock { counts in
            counts.total -= 1
            let left = counts.byAddress[address, default: 1] - 1
            counts.byAddress[address] = left > 0 ? left : nil
        }
    }

    /// Connections open now, in all (for tests and figures).
    var open: Int { counts.withLock { $0.total } }
}
