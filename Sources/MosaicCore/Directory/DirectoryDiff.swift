/// What `mosaic members publish` would sign: the differences between the coordinator's
/// `Members/` files and the effective directory, as directory operations.
public struct DirectoryDiff: Sendable, Equatable {
    /// One change to publish.
    public enum Change: Sendable, Equatable {
        /// A member the directory does not hold, or whose join request this node took
        /// (`mosaic members add`) and no directory commit carries yet.
        case add(Member)
        /// A member whose listed fields (`name`, `country`, `languages`, `endpoint`, `role`) differ.
        case update(Member, fields: [String])
        /// An entry of the directory this node started from (its `Members/` seed) that no directory
        /// commit carries yet: not a new member, but signed once (at the first publish) so that a node
        /// joining later, seeded with less, learns each member's first key from the directory commits.
        case firstPublication(Member)

        /// The member entry the change publishes.
        public var member: Member {
            switch self {
            case .add(let member), .update(let member, _), .firstPublication(let member): member
            }
        }
    }

    /// The changes, by member id.
    public let changes: [Change]
    /// Changes `publish` refuses to make, in words (a key changes by rotation, never by an entry).
    public let refused: [String]
    /// Members of the directory with no file in `Members/` (publishing never revokes: `mosaic members revoke`).
    public let notInFiles: [MemberID]
    /// The directory's entry before the change, for each ``Change/update(_:fields:)`` (to show old → new).
    public let previous: [MemberID: Member]

    public init(changes: [Change], refused: [String], notInFiles: [MemberID], previous: [MemberID: Member] = [:]) {
        self.changes = changes
        self.refused = refused
        self.notInFiles = notInFiles
        self.previous = previous
    }

    /// The changes that are new to the network (added or changed members), without first publications.
    public var newChanges: [Change] {
        changes.filter { if case .firstPublication = $0 { false } else { true } }
    }

    /// The members of the directory the node started from, signed for the first time.
    public var firstPublications: [Member] {
        changes.compactMap { if case .firstPublication(let member) = $0 { member } else { nil } }
    }

    /// The operations to sign.
    public var operations: [DirectoryOperation] { changes.map { .member($0.member) } }

    /// Compares `files` (the coordinator's `Members/`) with `effective`.
    /// - Parameter taken: members whose join request this node took (``JoinRequestInbox``): without a
    ///   directory commit they are additions; other entries no commit carries are the seed's first
    ///   publication until some directory commit carries an entry, and additions after that.
    public static func between(files: MemberDirectory, effective: EffectiveDirectory, taken: Set<MemberID> = []) -> DirectoryDiff {
        let directory = effective.directory
        var changes: [Change] = []
        var refused: [String] = []
        var previous: [MemberID: Member] = [:]
        for file in files.members {
            guard let held = directory[file.id] else {
                changes.append(.add(file))
                continue
            }
            if directory.isRevoked(file.id) {
                // Its file may stay (docs: keeping it is fine); only a change to it is refused.
                let unchanged =
                    file.name == held.name && file.country == held.country && file.languages == held.languages
                    && file.endpoint == held.endpoint && file.role == held.role
                if !unchanged {
                    refused.append("\(file.id): revoked; a revoked member cannot be changed (give the organisation a new id)")
                }
                continue
            }
            let keys = directory.keys(of: file.id)
            if file.publicKey != held.publicKey {
                let old = keys.contains { $0.key == file.publicKey }
                refused.append(
                    old
                        ? "\(file.id): Members/\(file.id).yaml holds an old key of this member; put its current key there: \(held.publicKey)"
                        : "\(file.id): the public key differs from the directory's; a key changes only by `mosaic keys rotate` on the member's node"
                )
            }
            // An entry carries the member's first key: the key history itself is the members' own rotations.
            var entry = file
            entry.publicKey = keys.first?.key ?? held.publicKey
            var fields: [String] = []
            if file.name != held.name { fields.append("name") }
            if file.country != held.country { fields.append("country") }
            if file.languages != held.languages { fields.append("languages") }
            if file.endpoint != held.endpoint { fields.append("endpoint") }
            if file.role != held.role { fields.append("role") }
            if !fields.isEmpty {
                changes.append(.update(entry, fields: fields))
                previous[file.id] = held
            } else if effective.entrySource[file.id] == nil {
                // Once the directory has been published, an entry no commit carries is a new member's.
                let seedPublished = !effective.entrySource.isEmpty
                changes.append(taken.contains(file.id) || seedPublished ? .add(entry) : .firstPublication(entry))
            }
        }
        let inFiles = Set(files.members.map(\.id))
        return DirectoryDiff(
            changes: changes, refused: refused,
            notInFiles: directory.members.map(\.id).filter { !inFiles.contains($0) && !directory.isRevoked($0) }, previous: previous)
    }
}
