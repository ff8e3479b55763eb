/// The network's member directory: every member, looked up by its exact id, with each member's
/// keys over its sequence (rotations) and revocations. Either read from `Members/` (the seed) or
/// folded from the directory commits a node holds (``DirectoryFold``).
public struct MemberDirectory: Sendable, Hashable {
    /// The members, sorted by id; each ``Member/publicKey`` is the member's current key.
    public let members: [Member]
    private let byID: [MemberID: Member]
    /// Members whose key changed: every key with the first sequence number it signs, ascending.
    public let keyHistory: [MemberID: [KeyPeriod]]
    /// Revoked members: the last of their sequence numbers still accepted.
    public let revokedAfter: [MemberID: Int64]
    /// Members whose coordinator role changed by a directory operation: each change, in fold order.
    public let roleChanges: [MemberID: [RoleChange]]

    /// Creates a directory; the caller guarantees ids are unique (the loader checks it).
    public init(
        _ members: [Member], keyHistory: [MemberID: [KeyPeriod]] = [:], revokedAfter: [MemberID: Int64] = [:],
        roleChanges: [MemberID: [RoleChange]] = [:]
    ) {
        self.members = members.sorted { $0.id < $1.id }
        self.byID = Dictionary(members.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.keyHistory = keyHistory
        self.revokedAfter = revokedAfter
        self.roleChanges = roleChanges
    }

    /// The member with exactly this id (revoked members included, to name them).
    public subscript(id: MemberID) -> Member? { byID[id] }

    /// The member whose id is exactly `text`, compared byte for byte.
    public func member(named text: String) -> Member? {
        MemberID(text).flatMap { byID[$0] }
    }

    /// Members with the coordinator role.
    public var coordinators: [Member] { members.filter { $0.role == .coordinator } }

    /// Every key of `id`, with the first sequence number each one signs (one period when never rotated).
    public func keys(of id: MemberID) -> [KeyPeriod] {
        if let history = keyHistory[id] { return history }
        return byID[id].map { [KeyPeriod(key: $0.publicKey, from: 1)] } ?? []
    }

    /// The key that must have signed `id`'s commit number `seq`; `nil` for an unknown member.
    public func key(of id: MemberID, seq: Int64) -> MemberPublicKey? {
        keys(of: id).last { $0.from <= seq }?.key
    }

    /// Whether `id`'s commit number `seq` comes after its revocation.
    public func isRevoked(_ id: MemberID, seq: Int64) -> Bool {
        revokedAfter[id].map { seq > $0 } ?? false
    }

    /// Whether `id` is revoked at all (its signed requests are then refused).
    public func isRevoked(_ id: MemberID) -> Bool { revokedAfter[id] != nil }
}

/// One key of a member and the first of the member's sequence numbers it signs.
public struct KeyPeriod: Sendable, Hashable {
    /// The Ed25519 public key.
    public let key: MemberPublicKey
    /// The first sequence number it signs (1 for a member's first key).
    public let from: Int64

    public init(key: MemberPublicKey, from: Int64) {
        self.key = key
        self.from = from
    }
}

/// A change of a member's coordinator role, at the point of the directory operation that made it:
/// writes ordered before `(hlc, write)` are judged with the role before it (DESIGN, membership).
public struct RoleChange: Sendable, Hashable {
    /// The clock of the commit that changed the role.
    public let hlc: HybridTimestamp
    /// The directory operation that changed it.
    public let write: WriteID
    /// Whether the member is a coordinator from this point on.
    public let isCoordinator: Bool

    public init(hlc: HybridTimestamp, write: WriteID, isCoordinator: Bool) {
        self.hlc = hlc
        self.write = write
        self.isCoordinator = isCoordinator
    }
}
