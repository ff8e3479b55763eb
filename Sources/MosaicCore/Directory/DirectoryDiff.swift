/// What `mosaic members publish` would sign: the differences between the coordinator's
/// `Members/` files and the effective directory, as directory operations.
public struct DirectoryDiff: Sendable, Equatable {
    /// One change to publish.
    public enum Change: Sendable, Equatable {
        /// A member the directory does not hold.
        case add(Member)
        /// A member whose listed fields (`name`, `country`, `languages`, `endpoint`, `role`) differ.
        case update(Member, fields: [String])
        /// An entry of `Members/` that no directory commit carries yet: a new member's file (on the
        /// coordinator's node `Members/` is also the seed), or at the first publish every seed entry,
        /// so that a node joining later learns each member's first key from the directory commits.
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

    /// The operations to sign.
    public var operations: [DirectoryOperation] { changes.map { .member($0.member) } }

    /// Compares `files` (the coordinator's `Members/`) with `effective`.
    public static func between(files: MemberDirectory, effective: EffectiveDirectory) -> DirectoryDiff {
        let directory = effective.directory
        var changes: [Change] = []
        var refused: [String] = []
        for file in files.members {
            guard let held = directory[file.id] else {
                changes.append(.add(file))
                continue
            }
            if directory.isRevoked(file.id) {
                refused.append("\(file.id): revoked; a revoked member cannot be changed (give the organisation a new id)")
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
            } else if effective.entrySource[file.id] == nil {
                changes.append(.firstPublication(entry))
            }
        }
        let inFiles = Set(files.members.map(\.id))
        return DirectoryDiff(
            changes: changes, refused: refused,
            notInFiles: directory.members.map(\.id).filter { !inFiles.contains($0) && !directory.isRevoked($0) })
    }
}
