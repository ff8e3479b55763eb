/// One key of a member over its stream, with when it started and stopped signing: the shape of
/// Matrix's `old_verify_keys` with `expired_ts`, but by sequence number (what verification uses)
/// and with the clock of the directory commit that made the change (what people read).
public struct KeyStint: Sendable, Hashable {
    /// The Ed25519 public key.
    public let key: MemberPublicKey
    /// The first of the member's commit numbers it signs.
    public let from: Int64
    /// The last commit number it signs (the one that carried the rotation); `nil` for the current key.
    public let until: Int64?
    /// The clock of the rotation that retired it; `nil` for the current key.
    public let stoppedAt: HybridTimestamp?

    /// Whether it is the member's current key.
    public var isCurrent: Bool { until == nil }
}

/// A revocation as it holds in the effective directory: its point, who signed it and when.
public struct Revocation: Sendable, Hashable {
    /// The member's last accepted commit number.
    public let after: Int64
    /// The coordinator whose directory commit revoked it; `nil` when the seed (`Members/`) says so.
    public let by: MemberID?
    /// The clock of that commit; `nil` for the seed.
    public let at: HybridTimestamp?

    public init(after: Int64, by: MemberID?, at: HybridTimestamp?) {
        self.after = after
        self.by = by
        self.at = at
    }
}

extension EffectiveDirectory {
    /// Every key of `id`, oldest first, each with where it stopped (none for an unknown member).
    public func keyStints(of id: MemberID) -> [KeyStint] {
        let periods = directory.keys(of: id)
        let rotations = Dictionary(
            events.compactMap { event -> (Int64, HybridTimestamp)? in
                guard case .rotate = event.operation, event.id.origin == id else { return nil }
                return (event.id.seq + 1, event.hlc)
            }, uniquingKeysWith: { first, _ in first })
        return periods.enumerated().map { index, period in
            let next = index + 1 < periods.count ? periods[index + 1].from : nil
            return KeyStint(key: period.key, from: period.from, until: next.map { $0 - 1 }, stoppedAt: next.flatMap { rotations[$0] })
        }
    }

    /// The revocation of `id`, or `nil` when it is not revoked.
    public func revocation(of id: MemberID) -> Revocation? {
        guard let after = directory.revokedAfter[id] else { return nil }
        guard let source = revocationSource[id] else { return Revocation(after: after, by: nil, at: nil) }
        return Revocation(after: after, by: source.origin, at: events.first { $0.id == source }?.hlc)
    }

    /// Members revoked by the directory, shown as former members beside what they wrote.
    public var formerMembers: Set<MemberID> { Set(directory.revokedAfter.keys) }
}
