import MosaicCore

/// Nonces of signed requests seen within the signature window: a second request with the
/// same member and nonce is a replay. Bounded: the oldest entries go first when full.
actor NonceCache {
    private var seen: [String: Int64] = [:]
    private var order: [(key: String, expires: Int64)] = []
    private var head = 0
    let capacity: Int

    init(capacity: Int = 200_000) { self.capacity = capacity }

    /// Records the nonce; `false` when it was already used and has not expired.
    func use(_ nonce: String, by member: MemberID, now: Int64, window: Int64) -> Bool {
        while head < order.count, order[head].expires < now || order.count - head >= capacity {
            if seen[order[head].key] == order[head].expires { seen[order[head].key] = nil }
            head += 1
        }
        if head > 4096, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
        let key = "\(member.rawValue) \(nonce)"
        if let expires = seen[key], expires >= now { return false }
        let expires = now + 2 * window
        seen[key] = expires
        order.append((key, expires))
        return true
    }
}
