/// What a node holds: for each origin, the highest public sequence number it has, all
/// earlier ones included (commits 1…V[origin], no gaps).
public struct VersionVector: Hashable, Sendable, CustomStringConvertible {
    /// Highest sequence per origin; absent means 0.
    public private(set) var entries: [MemberID: Int64]

    public init(_ entries: [MemberID: Int64] = [:]) { self.entries = entries.filter { $0.value > 0 } }

    /// The highest sequence held from `origin` (0 when none).
    public subscript(origin: MemberID) -> Int64 {
        get { entries[origin] ?? 0 }
        set { entries[origin] = newValue > 0 ? newValue : nil }
    }

    /// Whether this vector holds everything `other` holds.
    public func dominates(_ other: VersionVector) -> Bool {
        other.entries.allSatisfy { self[$0.key] >= $0.value }
    }

    /// Commits `other` has that this vector lacks, summed over origins (at most `Int64.max`:
    /// a peer may claim sequences up to `Int64.max` for several origins).
    public func missing(from other: VersionVector) -> Int64 {
        other.entries.reduce(0) { total, entry in
            let lacking = max(0, entry.value - self[entry.key])  // both ≥ 0: cannot overflow
            let (sum, overflow) = total.addingReportingOverflow(lacking)
            return overflow ? .max : sum
        }
    }

    /// The JSON form `{"origin": seq, …}`.
    public var json: JSONValue { .object(Dictionary(uniqueKeysWithValues: entries.map { ($0.key.rawValue, .int($0.value)) })) }

    /// Reads the JSON form; `nil` when a key is not a member id or a value is not a positive integer.
    public init?(json: JSONValue) {
        guard let members = json.objectValue else { return nil }
        var entries: [MemberID: Int64] = [:]
        for (key, value) in members {
            guard let id = MemberID(key), let seq = value.intValue, seq >= 0 else { return nil }
            entries[id] = seq
        }
        self.init(entries)
    }

    public var description: String {
        entries.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
