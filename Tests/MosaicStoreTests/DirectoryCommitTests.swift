import Foundation
import MosaicCore
import MosaicStore
import Testing

/// Directory changes as signed commits, applied at once by the node that receives them (no new
/// `NodeCatalogue`, no restart): a member joins, a key rotates, a member is revoked, a forged
/// change is refused, and concurrent coordinators converge.
@Suite struct DirectoryCommitTests {
    let coordinator = TestNetwork.coordinator, owner = TestNetwork.owner, newcomer = TestNetwork.member

    /// The network before the newcomer joins, and the newcomer's own view (it knows itself).
    let before = TestNetwork(known: [TestNetwork.owner, TestNetwork.coordinator])
    let withNewcomer = TestNetwork()

    func entry(_ id: MemberID, name: String? = nil, role: MemberRole = .member, key: MemberPublicKey? = nil) -> Member {
        Member(
            id: id, name: name ?? "Organisation \(id)", country: CountryCode("BE")!, languages: [LanguageTag("fr")!], endpoint: nil,
            publicKey: key ?? TestNetwork.key(id).publicKey, role: role)
    }

    func addRecord(_ node: NodeCatalogue, _ nonce: String, title: String = "Formation") async throws {
        try await node.commit([.create(type: .practice, nonce: nonce, assignments: try assign("title.fr=\(title)"), isPrivate: false)])
    }

    /// The newcomer's node with its first key, on an in-memory store, and a new key to rotate to.
    func newcomerNode(clock: TestClock) throws -> (
        node: NodeCatalogue, store: CatalogueStore, oldKey: MemberSigningKey, newKey: MemberSigningKey
    ) {
        let store = try CatalogueStore.inMemory(member: newcomer)
        let oldKey = TestNetwork.key(newcomer)
        let node = NodeCatalogue(store: store, member: newcomer, signingKey: oldKey, directory: withNewcomer.directory, now: { clock.now })
        return (node, store, oldKey, MemberSigningKey())
    }

    @Test func aMemberAddedByACoordinatorsCommitIsAcceptedWithoutRestart() async throws {
        let clock = TestClock()
        let coordinatorNode = try before.node(coordinator, clock: clock)
        let ownerNode = try before.node(owner, clock: clock)
        let newcomerNode = try withNewcomer.node(newcomer, clock: clock)
        try await addRecord(newcomerNode, "newcomer-record-1")
        // Before the directory commit the owner's node does not know the newcomer: held back.
        let early = try await newcomerNode.push(to: ownerNode)
        #expect(early.applied == 0 && early.heldBack == [newcomer.rawValue])

        clock.advance(1000)
        try await coordinatorNode.commitDirectory([.member(entry(newcomer))])
        try await coordinatorNode.push(to: ownerNode)
        #expect(ownerNode.directory[newcomer] == entry(newcomer))
        let later = try await newcomerNode.push(to: ownerNode)
        #expect(later.applied == 1 && later.heldBack.isEmpty)

        // A fresh node gets the directory commit and the newcomer's commit in one batch from a relay.
        let fresh = try before.node(TestNetwork.outsider, clock: clock)
        let relayed = try await ownerNode.push(to: fresh)
        #expect(relayed.applied == 2 && relayed.heldBack.isEmpty)
        let ownerDigest = try await ownerNode.digest()
        #expect(try await fresh.digest() == ownerDigest)
        #expect(fresh.directory.digest == ownerNode.directory.digest)
        #expect(fresh.directory.digest != before.directory.digest)
    }

    @Test func aDirectoryChangeSignedByANonCoordinatorIsRefused() async throws {
        let clock = TestClock()
        let memberNode = try withNewcomer.node(newcomer, clock: clock)
        await #expect(throws: DirectoryChangeError.notCoordinator(member: newcomer, operation: "member")) {
            try await memberNode.commitDirectory([.member(entry(newcomer, role: .coordinator))])
        }
        // Signed by hand and sent anyway: refused like a forged write, nothing applied.
        let forged = Commit(
            origin: newcomer, stream: .public, seq: 1, hlc: HybridTimestamp(wallMillis: clock.now, counter: 0), operations: [],
            directory: [.member(entry(newcomer, role: .coordinator))])
        let target = try withNewcomer.node(owner, clock: clock)
        await #expect(
            throws: ApplyError(.invalidCommit(.notCoordinator(origin: newcomer.rawValue, seq: 1, operation: "member")), relay: newcomer)
        ) {
            try await target.apply([SignedCommit(signing: forged, with: TestNetwork.key(newcomer))], relay: newcomer)
        }
        #expect(try await target.vector() == VersionVector())
        #expect(target.directory[newcomer]?.role == .member)
    }

    @Test func aRotatedKeySignsLaterCommitsAndOldCommitsStillVerifyOnAFreshNode() async throws {
        let clock = TestClock()
        let (oldNode, store, oldKey, newKey) = try newcomerNode(clock: clock)
        try await addRecord(oldNode, "rotation-record-1")
        let rotation = try await oldNode.commitDirectory([.rotate(key: newKey.publicKey)])
        #expect(rotation.seq == 2)
        // The old key no longer signs this member's directory changes.
        await #expect(throws: DirectoryChangeError.keyMismatch(member: newcomer, seq: 3)) {
            try await oldNode.commitDirectory([.rotate(key: MemberSigningKey().publicKey)])
        }
        await #expect(throws: DirectoryChangeError.rotatedKey(member: newcomer)) { try await addRecord(oldNode, "rotation-record-x") }
        // The node restarted with the new key file (same database): its commits are signed by the new key.
        let newNode = NodeCatalogue(
            store: store, member: newcomer, signingKey: newKey, directory: withNewcomer.directory, now: { clock.now })
        #expect(newNode.directory.key(of: newcomer, seq: 3) == newKey.publicKey)
        clock.advance(10)
        try await addRecord(newNode, "rotation-record-2")

        // A node joining later, whose Members/ still has the old key, verifies all three commits.
        let fresh = try withNewcomer.node(owner, clock: clock)
        let outcome = try await newNode.push(to: fresh)
        #expect(outcome.applied == 3)
        #expect(
            fresh.directory.keys(of: newcomer) == [KeyPeriod(key: oldKey.publicKey, from: 1), KeyPeriod(key: newKey.publicKey, from: 3)])

        // A commit #4 signed by the old key after the rotation is refused.
        let late = Commit(
            origin: newcomer, stream: .public, seq: 4, hlc: HybridTimestamp(wallMillis: clock.now + 1, counter: 0),
            operations: [.delete(record: RecordID.derive(origin: newcomer, nonce: "rotation-record-1"), seen: [])])
        await #expect(throws: ApplyError(.invalidCommit(.badSignature(origin: newcomer.rawValue, seq: 4)), relay: newcomer)) {
            try await fresh.apply([SignedCommit(signing: late, with: oldKey)], relay: newcomer)
        }
    }

    /// A page served out of order after a rotation carries a commit signed by the new key without
    /// the rotation before it: the key cannot be known yet, so the page is a gap (asked again), not a
    /// forgery. Once the node holds every earlier commit, a bad signature is a forgery again.
    @Test func aCommitSignedByARotatedKeyWithoutTheRotationIsAGapNotAForgery() async throws {
        let clock = TestClock()
        let (oldNode, store, oldKey, newKey) = try newcomerNode(clock: clock)
        try await addRecord(oldNode, "out-of-order-1")
        try await oldNode.commitDirectory([.rotate(key: newKey.publicKey)])
        let newNode = NodeCatalogue(
            store: store, member: newcomer, signingKey: newKey, directory: withNewcomer.directory, now: { clock.now })
        clock.advance(10)
        try await addRecord(newNode, "out-of-order-2")
        let (all, _) = try await newNode.commits(after: VersionVector(), limit: .max)
        #expect(all.count == 3)

        let receiver = try withNewcomer.node(owner, clock: clock)
        // #3 alone (signed by the new key), and #1 with #3 (the rotation #2 missing): gaps, nothing applied.
        await #expect(throws: ApplyError(.sequenceGap(origin: newcomer, expected: 1, found: 3), relay: newcomer)) {
            try await receiver.apply([all[2]], relay: newcomer)
        }
        await #expect(throws: ApplyError(.sequenceGap(origin: newcomer, expected: 2, found: 3), relay: newcomer)) {
            try await receiver.apply([all[0], all[2]], relay: newcomer)
        }
        #expect(try await receiver.vector() == VersionVector())
        // In order, the rotation first: all three verify.
        #expect(try await receiver.apply(all, relay: newcomer).applied == 3)

        // A commit #4 signed by the old key, on a node holding #1 to #3: a forgery, as before.
        let forged = Commit(
            origin: newcomer, stream: .public, seq: 4, hlc: HybridTimestamp(wallMillis: clock.now + 1, counter: 0),
            operations: [.delete(record: RecordID.derive(origin: newcomer, nonce: "out-of-order-1"), seen: [])])
        await #expect(throws: ApplyError(.invalidCommit(.badSignature(origin: newcomer.rawValue, seq: 4)), relay: newcomer)) {
            try await receiver.apply([SignedCommit(signing: forged, with: oldKey)], relay: newcomer)
        }
    }

    @Test func anImportWithTheOldKeyAfterARotationIsRefusedAndWritesNothing() async throws {
        // setup: the newcomer's node rotates its key, and still holds the old key file.
        let store = try CatalogueStore.inMemory(member: newcomer)
        let oldNode = NodeCatalogue(
            store: store, member: newcomer, signingKey: TestNetwork.key(newcomer), directory: withNewcomer.directory)
        try await oldNode.commitDirectory([.rotate(key: MemberSigningKey().publicKey)])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-rotated-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("records.csv").path
        try "type,title.fr\npractice,Importée avec l'ancienne clé\n".write(toFile: path, atomically: true, encoding: .utf8)
        let before = try await oldNode.vector()

        // MUT + validate: refused (every node would refuse its commits), nothing written.
        await #expect(throws: DirectoryChangeError.rotatedKey(member: newcomer)) {
            _ = try await oldNode.importRecords(from: try ImportFile(path: path), skipInvalid: false)
        }
        #expect(try await oldNode.vector() == before)
        #expect(try await oldNode.search("ancienne").isEmpty)
    }

    @Test func aRevokedMembersLaterCommitsAreRefusedEverywhere() async throws {
        let clock = TestClock()
        let coordinatorNode = try withNewcomer.node(coordinator, clock: clock)
        let memberNode = try withNewcomer.node(newcomer, clock: clock)
        let early = try withNewcomer.node(owner, clock: clock)
        try await addRecord(memberNode, "revoked-record-1", title: "Kept")
        try await memberNode.push(to: coordinatorNode)
        clock.advance(10)
        try await addRecord(memberNode, "revoked-record-2", title: "After the revocation")
        // `early` gets commit #2 before it hears of the revocation.
        try await memberNode.push(to: early)
        clock.advance(10)
        try await coordinatorNode.commitDirectory([.revoke(member: newcomer, after: 1)])

        let outcome = try await memberNode.push(to: coordinatorNode)
        #expect(outcome.applied == 0 && outcome.revoked == ["\(newcomer)#2"])
        #expect(try await coordinatorNode.vector()[newcomer] == 1)
        // The node that held #2 leaves it out of its view once the revocation arrives: same catalogue.
        try await coordinatorNode.push(to: early)
        #expect(early.directory.isRevoked(newcomer))
        let coordinatorDigest = try await coordinatorNode.digest()
        #expect(try await early.digest() == coordinatorDigest)
        #expect(try await early.record(RecordID.derive(origin: newcomer, nonce: "revoked-record-2")) == nil)
        #expect(try await early.record(RecordID.derive(origin: newcomer, nonce: "revoked-record-1")) != nil)
        // It keeps #2 but neither claims nor passes it on: a node pulling from it gets #1 and the revocation only.
        #expect(try await early.vector()[newcomer] == 2)
        #expect(try await early.sharedVector()[newcomer] == 1)
        let fresh = try withNewcomer.node(TestNetwork.outsider, clock: clock)
        let relayed = try await early.push(to: fresh)
        #expect(relayed.revoked.isEmpty && relayed.applied == 2)
        #expect(try await fresh.vector()[newcomer] == 1)
        #expect(try await fresh.digest() == coordinatorDigest)
    }

    @Test func twoCoordinatorsPublishingAtOnceConverge() async throws {
        let clock = TestClock()
        let network = TestNetwork(coordinators: [TestNetwork.coordinator, TestNetwork.owner])
        let first = try network.node(coordinator, clock: clock)
        let second = try network.node(owner, clock: clock)
        let third = try network.node(newcomer, clock: clock)
        try await addRecord(third, "role-record-1")
        try await third.push(to: first)
        try await third.push(to: second)
        // Concurrent: neither has seen the other's change. One promotes the member, the other renames it.
        try await first.commitDirectory([.member(entry(newcomer, name: "Renamed by the first"))])
        try await second.commitDirectory([.member(entry(newcomer, name: "Promoted by the second", role: .coordinator))])
        try await first.push(to: second)
        try await second.push(to: first)
        try await first.push(to: third)
        #expect(first.directory.digest == second.directory.digest)
        #expect(third.directory.digest == first.directory.digest)
        let firstDigest = try await first.digest()
        #expect(try await second.digest() == firstDigest)
        #expect(try await third.digest() == firstDigest)
    }
}

/// The rule for role changes: a write is judged with the roles of its own point, so a change of
/// role never hides what was already published, nor authorises what was written before it.
@Suite struct DirectoryRoleChangeTests {
    let coordinator = TestNetwork.coordinator, owner = TestNetwork.owner, member = TestNetwork.member

    func entry(_ id: MemberID, role: MemberRole) -> Member {
        Member(
            id: id, name: "Organisation \(id)", country: CountryCode("BE")!, languages: [LanguageTag("fr")!], endpoint: nil,
            publicKey: TestNetwork.key(id).publicKey, role: role)
    }

    @Test func aDemotedCoordinatorsEarlierEditStaysTheValueAndItsLaterOneIsAProposal() async throws {
        let clock = TestClock()
        let network = TestNetwork(coordinators: [TestNetwork.coordinator, TestNetwork.member])
        let ownerNode = try network.node(owner, clock: clock)
        let editor = try network.node(member, clock: clock)
        let secretariat = try network.node(coordinator, clock: clock)
        try await ownerNode.commit([
            .create(type: .practice, nonce: "role-change-1", assignments: try assign("title.fr=Avant"), isPrivate: false)
        ])
        let record = RecordID.derive(origin: owner, nonce: "role-change-1")
        try await ownerNode.push(to: editor)
        clock.advance(10)
        // While a coordinator, the member edits the owner's practice: that is the value.
        try await editor.commit([.edit(record, try assign("title.fr=Corrigé"))])
        try await editor.push(to: secretariat)
        clock.advance(10)
        try await secretariat.commitDirectory([.member(entry(member, role: .member))])
        try await secretariat.push(to: editor)
        #expect(editor.directory[member]?.role == .member)
        clock.advance(10)
        // After the demotion its edit is a proposal to the owner.
        try await editor.commit([.edit(record, try assign("title.fr=Plus tard"))])
        try await editor.push(to: ownerNode)
        try await secretariat.push(to: ownerNode)
        let view = try #require(try await ownerNode.record(record))
        #expect(view.text("title", preferring: [LanguageTag("fr")!])?.text == "Corrigé")
        #expect(try await ownerNode.proposals().count == 1)
        let ownerDigest = try await ownerNode.digest()
        try await ownerNode.push(to: secretariat)
        #expect(try await secretariat.digest() == ownerDigest)
    }
}
