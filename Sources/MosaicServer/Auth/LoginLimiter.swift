/// Counts failed logins per client address in a sliding minute and refuses further tries
/// once the limit is reached.
actor LoginLimiter {
    private let perMinute: Int
    private var failures: [String: [Double]] = [:]
    private let now: @Sendable () -> Double

    init(perMinute: Int, now: @escaping @Sendable () -> Double) {
        self.perMinute = perMinute
        self.now = now
    }

    /// Whether `address` may try to log in now.
    func allows(_ address: String) -> Bool {
        prune(address)
        return (failures[address]?.count ?? 0) < perMinute
    }

    func recordFailure(_ address: String) {
        prune(address)
        failures[address, default: []].append(now())
        if failures.count > 10_000 { failures = failures.filter { !$0.value.isEmpty } }
    }

    func recordSuccess(_ address: String) { failures[address] = nil }

    private func prune(_ address: String) {
        let cutoff = now() - 60
        failures[address]?.removeAll { $0 < cutoff }
    }
}
