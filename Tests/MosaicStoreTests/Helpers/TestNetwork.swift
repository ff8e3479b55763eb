import Foundation
import GRDB
import MosaicCore
import MosaicStore

/// A small network for store tests: members with deterministic keys, nodes on in-memory
/// databases with clocks the test controls.
struct TestNetwork {
    static let owner = MemberID("owner-be")!
    static let member = MemberID("member-fr")!
    static let coordinator = MemberID("coord-at")!
    static let outsider = MemberID("outsider-kz")!

    let directory: MemberDirectory

    /// - Parameter known: members in the directory (others sign commits nobody can verify).
    init(known: [MemberID] = [owner, member, coordinator], coordinators: Set<MemberID> = [coordinator]) {
        directory = MemberDirectory(
            known.map { id in
                Member(
                    id: id, name: "Organisation \(id)", country: CountryCode("BE")!, languages: [LanguageTag("fr")!], endpoint: nil,
                    publicKey: Self.key(id).publicKey, role: coordinators.contains(id) ? .coordinator : .member)
            })
    }

    static func key(_ member: MemberID) -> MemberSigningKey { DemoKeys.signingKey(for: member) }

    /// A node of `member` on an in-memory database, its clock at `clock.now` (milliseconds).
    func node(_ member: MemberID, clock: TestClock = TestClock(), bound: ClockBound = .standard) throws -> NodeCatalogue {
        NodeCatalogue(
            store: try CatalogueStore.inMemory(member: member), member: member, signingKey: Self.key(member), directory: directory,
            clockBound: bound, now: { clock.now })
    }

    /// A node on a database file, for tests that look at the file.
    func node(_ member: MemberID, path: String, clock: TestClock = TestClock()) throws -> NodeCatalogue {
        NodeCatalogue(
            store: try CatalogueStore(path: path, member: member), member: member, signingKey: Self.key(member), directory: directory,
            now: { clock.now })
    }
}

/// A clock a test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Int64

    init(_ start: Int64 = 1_764_000_000_000) { value = start }

    var now: Int64 { lock.withLock { value } }

    func advance(_ millis: Int64) { lock.withLock { value += millis } }
}

extension NodeCatalogue {
    /// Everything this node holds that `other` lacks, applied to `other` in one batch.
    @discardableResult
    func push(to other: NodeCatalogue) async throws -> ApplyOutcome {
        let (commits, _) = try await commits(after: try await other.vector(), limit: .max)
        return try await other.apply(commits, relay: member)
    }

    /// A fingerprint of every table: equal fingerprints mean the same database content.
    func fingerprint() async throws -> String {
        try await store.writer.read { db in
            var text = ""
            for table in ["commit_log", "version_vector", "node_state", "record", "record_facet", "open_conflict", "open_proposal"] {
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map(\.description).sorted()
                text += "\(table):\(rows.joined(separator: "|"))\n"
            }
            text += "fts:" + (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record_search") ?? -1).description
            return text
        }
    }
}

/// `title.fr=…` style assignments, parsed.
func assign(_ texts: String...) throws -> [FieldAssignment] {
    try texts.map { text throws(AuthoringError) in try FieldAssignment.parse(text) }
}
