/// The network's member directory: every member, looked up by its exact id.
public struct MemberDirectory: Sendable {
    /// The members, sorted by id.
    public let members: [Member]
    private let byID: [MemberID: Member]

    /// Creates a directory; the caller guarantees ids are unique (the loader checks it).
    public init(_ members: [Member]) {
        self.members = members.sorted { $0.id < $1.id }
        self.byID = Dictionary(members.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The member with exactly this id.
    public subscript(id: MemberID) -> Member? { byID[id] }

    /// The member whose id is exactly `text`, compared byte for byte.
    public func member(named text: String) -> Member? {
        MemberID(text).flatMap { byID[$0] }
    }

    /// Members with the coordinator role.
    public var coordinators: [Member] { members.filter { $0.role == .coordinator } }
}
