import Foundation
import GRDB
import MosaicCore
import MosaicStore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The world every fuzz input meets: a small demo network (keys derived from the public demo
/// seed), the catalogue of `ecpat-be` on an in-memory database holding a few records from three
/// members, a pristine copy of that database to return to after an input changed it, and a
/// scratch folder for the inputs that are files.
public final class FuzzFixture: Sendable {
    /// The fixed clock of every node, in milliseconds since 1970.
    public static let nowMillis: Int64 = 1_764_000_000_000
    /// The node under test.
    public static let local = MemberID("ecpat-be")!
    /// A peer whose later commits the node does not hold yet.
    public static let peer = MemberID("ecpat-fr")!
    /// The coordinator.
    public static let coordinator = MemberID("secretariat")!
    /// A member that is not in the directory: its commits are held back.
    public static let outsider = MemberID("outsider-kz")!

    /// Members of the directory (the outsider is not one).
    public static let members = [local, peer, coordinator]

    public let directory: MemberDirectory
    /// The node's catalogue, on the working database.
    public let catalogue: NodeCatalogue
    /// Every shared commit the node holds, as a pull would send them.
    public let heldCommits: [SignedCommit]
    /// The peer's commits that follow what the node holds, and one of the outsider's.
    public let pendingCommits: [SignedCommit]
    /// A scratch folder of this fixture (removed with it).
    public let folder: String
    private let baseline: DatabaseQueue
    /// The first state, with a hash of every row: every input starts from it.
    let baselineSnapshot: StoreSnapshot

    private init(
        directory: MemberDirectory, catalogue: NodeCatalogue, heldCommits: [SignedCommit], pendingCommits: [SignedCommit],
        folder: String, baseline: DatabaseQueue, baselineSnapshot: StoreSnapshot
    ) {
        self.directory = directory
        self.catalogue = catalogue
        self.heldCommits = heldCommits
        self.pendingCommits = pendingCommits
        self.folder = folder
        self.baseline = baseline
        self.baselineSnapshot = baselineSnapshot
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// The demo signing key of `member`.
    public static func key(_ member: MemberID) -> MemberSigningKey { DemoKeys.signingKey(for: member) }

    /// Builds the network, the records and the scratch folder.
    public static func make() async throws -> FuzzFixture {
        let directory = MemberDirectory(
            members.map { id in
                Member(
                    id: id, name: "Organisation \(id)", country: CountryCode("BE")!, languages: [LanguageTag("fr")!], endpoint: nil,
                    publicKey: key(id).publicKey, role: id == Self.coordinator ? .coordinator : .member)
            })
        func node(_ member: MemberID) throws -> NodeCatalogue {
            NodeCatalogue(
                store: try CatalogueStore.inMemory(member: member), member: member, signingKey: key(member), directory: directory,
                now: { nowMillis })
        }
        let local = try node(Self.local), peer = try node(Self.peer), coordinator = try node(Self.coordinator)
        let outsider = NodeCatalogue(
            store: try CatalogueStore.inMemory(member: Self.outsider), member: Self.outsider, signingKey: key(Self.outsider),
            directory: MemberDirectory(directory.members + [outsiderMember]), now: { nowMillis })
        let training = try await local.commit([
            create(
                .practice, "seed-training-0001", "title.fr=Formation des éducateurs à la protection de l'enfance",
                "title.en=Training educators in child protection", "themes=training|education", "countries=BE", "year=2024")
        ]).created[0]
        try await local.commit([create(.project, "seed-campaign-0002", "title.fr=Campagne de sensibilisation en ligne", "status=idea")])
        try await local.commit([.edit(training, try assign("summary.fr=Des ateliers pour repérer les signes d'exploitation."))])
        try await local.commit([create(.practice, "seed-private-0003", "title.fr=Note interne du bureau", isPrivate: true)])
        try await push(local, to: peer)
        try await peer.commit([create(.practice, "seed-prevent-0004", "title.fr=Prévention de l'exploitation en ligne", "themes=online")])
        try await peer.commit([.edit(training, try assign("title.fr=Former les éducateurs", "themes+=schools"))])
        try await coordinator.commit([create(.project, "seed-network-0005", "title.en=Network mapping of shelters", "status=running")])
        try await push(peer, to: local)
        try await push(coordinator, to: local)
        // What the peer makes next, and a commit of a member the node does not know.
        try await peer.commit([create(.practice, "seed-youth-00006", "title.de=Jugendschutz und Prävention", "languages=de")])
        try await peer.commit([.delete(training)])
        try await outsider.commit([create(.practice, "seed-outside-0007", "title.en=Crisis line for teenagers")])
        let localVector = try await local.vector()
        let peerPending = try await peer.commits(after: localVector, limit: Int.max).commits
        let outsiderPending = try await outsider.commits(after: VersionVector(), limit: Int.max).commits
        let pending = peerPending + outsiderPending
        let held = try await local.commits(after: VersionVector(), limit: Int.max).commits

        let baseline = try DatabaseQueue()
        try local.store.writer.backup(to: baseline)
        // tmpfs when there is one: file inputs are written for every execution.
        let temporary = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm/" : NSTemporaryDirectory()
        let folder = temporary + "mosaic-fuzz-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return FuzzFixture(
            directory: directory, catalogue: local, heldCommits: held, pendingCommits: pending, folder: folder, baseline: baseline,
            baselineSnapshot: try await StoreSnapshot.take(local, contents: true))
    }

    /// The member entry of the outsider (known to its own node only).
    static var outsiderMember: Member {
        Member(
            id: outsider, name: "Outsider", country: CountryCode("KZ")!, languages: [LanguageTag("ru")!], endpoint: nil,
            publicKey: key(outsider).publicKey, role: .member)
    }

    /// Puts the working database back to the fixture's first state.
    func restore() throws { try baseline.backup(to: catalogue.store.writer) }

    /// Runs `body` on the first state (its snapshot passed in) and checks that the store is
    /// unchanged when `body` refused the input: nothing written at all, or, when rows were
    /// written and rolled back, every row as before. Restores the first state after an input was applied.
    func guarding(_ body: (StoreSnapshot) async throws -> FuzzVerdict) async throws -> FuzzVerdict {
        let changes = try await StoreSnapshot.changes(catalogue)
        let verdict = try await body(baselineSnapshot)
        if case .rejected(let reason) = verdict {
            if try await StoreSnapshot.changes(catalogue) != changes {
                let after = try await StoreSnapshot.take(catalogue, contents: true)
                try require(
                    after == baselineSnapshot, "refused (\(reason)) but the store changed:\n  before \(baselineSnapshot)\n  after  \(after)"
                )
            }
        } else {
            try restore()
        }
        return verdict
    }

    /// Runs a read-only `body` and checks that it wrote no row at all.
    func reading(_ body: () async throws -> FuzzVerdict) async throws -> FuzzVerdict {
        let changes = try await StoreSnapshot.changes(catalogue)
        let verdict = try await body()
        let written = try await StoreSnapshot.changes(catalogue) - changes
        try require(written == 0, "a read wrote \(written) rows")
        return verdict
    }

    /// Writes `bytes` to `name` in the scratch folder and returns its path. Plain `open`/`write`
    /// without the fsync and rename of an atomic write: the fuzzer writes files thousands of times a second.
    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let path = folder + "/" + name
        let parent = (path as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: parent) {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw FuzzViolation("cannot open the scratch file \(path)") }
        defer { close(descriptor) }
        let written = bytes.withUnsafeBytes { buffer in buffer.isEmpty ? 0 : posixWrite(descriptor, buffer.baseAddress, buffer.count) }
        guard written == bytes.count else { throw FuzzViolation("cannot write the scratch file \(path)") }
        return path
    }

    private static func create(_ type: RecordType, _ nonce: String, _ fields: String..., isPrivate: Bool = false) throws -> RecordChange {
        .create(type: type, nonce: nonce, assignments: try assign(fields), isPrivate: isPrivate)
    }

    private static func assign(_ texts: String...) throws -> [FieldAssignment] { try assign(texts) }

    private static func assign(_ texts: [String]) throws -> [FieldAssignment] {
        try texts.map { text throws(AuthoringError) in try FieldAssignment.parse(text) }
    }

    private static func push(_ from: NodeCatalogue, to other: NodeCatalogue) async throws {
        let (commits, _) = try await from.commits(after: try await other.vector(), limit: .max)
        try await other.apply(commits, relay: from.member)
    }
}

/// `write(2)`, named apart from ``FuzzFixture/write(_:to:)``.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int { write(descriptor, bytes, count) }
