/// A set of record rowids as bits, for counting facets by intersection.
struct RowSet: Sendable {
    private(set) var words: [UInt64]

    init(capacity: Int64) { words = Array(repeating: 0, count: Int(capacity / 64) + 1) }

    init(capacity: Int64, rows: some Sequence<Int64>) {
        self.init(capacity: capacity)
        for row in rows { insert(row) }
    }

    mutating func insert(_ row: Int64) {
        guard row >= 0, Int(row / 64) < words.count else { return }
        words[Int(row / 64)] |= 1 << UInt64(row % 64)
    }

    mutating func remove(_ row: Int64) {
        guard row >= 0, Int(row / 64) < words.count else { return }
        words[Int(row / 64)] &= ~(1 << UInt64(row % 64))
    }

    /// Makes room for rowids up to `capacity - 1`.
    mutating func grow(to capacity: Int64) {
        let needed = Int(capacity / 64) + 1
        if needed > words.count { words += Array(repeating: 0, count: needed - words.count) }
    }

    mutating func formIntersection(_ other: RowSet) {
        for index in words.indices { words[index] &= index < other.words.count ? other.words[index] : 0 }
    }

    mutating func subtract(_ other: RowSet) {
        for index in words.indices where index < other.words.count { words[index] &= ~other.words[index] }
    }

    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    func contains(_ row: Int64) -> Bool {
        guard row >= 0, Int(row / 64) < words.count else { return false }
        return words[Int(row / 64)] & (1 << UInt64(row % 64)) != 0
    }

    /// The size of the intersection with `other`, without building it.
    func countIntersection(_ other: RowSet) -> Int {
        var total = 0
        for index in 0..<min(words.count, other.words.count) { total += (words[index] & other.words[index]).nonzeroBitCount }
        return total
    }
}
