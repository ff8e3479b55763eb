import MosaicCore

/// Which origins are being fetched, and from which peer, while a node pulls several peers at
/// once: each origin is asked of one peer at a time, so a node catching up downloads each commit
/// once, not once per peer. Shared by the sessions of one `mosaic sync` round, or of a scheduler.
///
/// Claims are per origin: an origin's commits must be applied in sequence (a gap-free prefix), so
/// two peers could not usefully send different ranges of one origin at once.
public actor OriginClaims {
    private var holder: [MemberID: MemberID] = [:]

    public init() {}

    /// Claims for `peer` those of `origins` no other peer holds.
    /// - Returns: the origins `peer` now holds (it may ask for these only).
    public func claim(_ origins: Set<MemberID>, for peer: MemberID) -> Set<MemberID> {
        var mine = Set<MemberID>()
        for origin in origins where holder[origin] == nil || holder[origin] == peer {
            holder[origin] = peer
            mine.insert(origin)
        }
        return mine
    }

    /// Releases every origin `peer` holds (its round ended, well or not).
    public func release(for peer: MemberID) {
        holder = holder.filter { $0.value != peer }
    }

    /// The origins held, and by which peer.
    public var held: [MemberID: MemberID] { holder }
}
