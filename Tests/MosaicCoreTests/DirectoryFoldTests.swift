import Foundation
import MosaicCore
import Testing

/// The effective directory as a fold of directory operations: last writer wins per entry,
/// authority at the write's own point, monotone revocations and rotations, and no dependence
/// on arrival order.
@Suite struct DirectoryFoldTests {
    let coordA = MemberID("coord-a")!, coordB = MemberID("coord-b")!, member = MemberID("member-fr")!, newcomer = MemberID("new-at")!

    func entry(_ id: MemberID, name: String? = nil, role: MemberRole = .member, key: MemberPublicKey? = nil) -> Member {
        Member(
            id: id, name: name ?? "Organisation \(id)", country: CountryCode("AT")!, languages: [LanguageTag("de")!],
            endpoint: URL(string: "https://\(id).example"), publicKey: key ?? DemoKeys.signingKey(for: id).publicKey, role: role)
    }

    var seed: MemberDirectory { MemberDirectory([entry(coordA, role: .coordinator), entry(coordB, role: .coordinator), entry(member)]) }

    func event(_ origin: MemberID, _ seq: Int64, at wall: Int64, _ operation: DirectoryOperation) -> DirectoryEvent {
        DirectoryEvent(
            id: WriteID(origin: origin, stream: .public, seq: seq, index: 0), hlc: HybridTimestamp(wallMillis: wall, counter: 0),
            operation: operation)
    }

    @Test func theLaterEntryWinsAndTiesGoToTheGreaterWriteID() {
        let events = [
            event(coordA, 1, at: 100, .member(entry(newcomer, name: "From A"))),
            event(coordB, 1, at: 100, .member(entry(newcomer, name: "From B"))),
        ]
        let folded = DirectoryFold.fold(seed: seed, events: events)
        // Same clock: the write id decides, coord-b > coord-a.
        #expect(folded.directory[newcomer]?.name == "From B")
        #expect(folded.entrySource[newcomer] == events[1].id)
        let later = DirectoryFold.fold(seed: seed, events: events + [event(coordA, 2, at: 200, .member(entry(newcomer, name: "Later")))])
        #expect(later.directory[newcomer]?.name == "Later")
    }

    @Test func anEntryByANonCoordinatorCountsForNothing() {
        let forged = event(member, 1, at: 100, .member(entry(member, role: .coordinator)))
        let folded = DirectoryFold.fold(seed: seed, events: [forged])
        #expect(folded.directory[member]?.role == .member)
        #expect(folded.ignored == [forged.id])
    }

    @Test func authorityIsEvaluatedAtTheWritesOwnPoint() {
        let early = event(member, 1, at: 100, .member(entry(newcomer, name: "Too early")))
        let promote = event(coordA, 1, at: 200, .member(entry(member, role: .coordinator)))
        let after = event(member, 2, at: 300, .member(entry(newcomer, name: "After promotion")))
        let folded = DirectoryFold.fold(seed: seed, events: [after, promote, early])
        #expect(folded.directory[newcomer]?.name == "After promotion")
        #expect(folded.ignored == [early.id])
        // Without the promotion the later entry does not count either.
        #expect(DirectoryFold.fold(seed: seed, events: [after]).directory[newcomer] == nil)
    }

    @Test func aNodeSeededWithFewerMembersFoldsTheSameDirectoryOnceTheyArePublished() {
        // setup: the first publication of every seed entry, then a promotion of member.
        let events =
            [coordA, coordB, member].enumerated().map { index, id in
                event(coordA, Int64(index + 1), at: 100, .member(seed[id]!))
            } + [event(coordA, 4, at: 200, .member(entry(member, role: .coordinator)))]

        // MUT: a node seeded with every member, and a node that joined seeded with coordA only.
        let full = DirectoryFold.fold(seed: seed, events: events)
        let joined = DirectoryFold.fold(seed: MemberDirectory([entry(coordA, role: .coordinator)]), events: events)

        // validate: the same directory, digest and role changes (only the promotion is one).
        #expect(joined.directory.digest == full.directory.digest)
        #expect(full.directory.roleChanges[member]?.map(\.isCoordinator) == [true])
        #expect(full.directory.roleChanges[coordB] == nil)
    }

    @Test func aRotatedKeySignsOnlyFromTheCommitAfterItsRotation() {
        let next = MemberSigningKey(), old = DemoKeys.signingKey(for: member).publicKey
        let folded = DirectoryFold.fold(seed: seed, events: [event(member, 4, at: 100, .rotate(key: next.publicKey))])
        #expect(folded.directory.key(of: member, seq: 1) == old)
        #expect(folded.directory.key(of: member, seq: 4) == old)
        #expect(folded.directory.key(of: member, seq: 5) == next.publicKey)
        #expect(folded.directory[member]?.publicKey == next.publicKey)
        #expect(folded.directory.keys(of: member) == [KeyPeriod(key: old, from: 1), KeyPeriod(key: next.publicKey, from: 5)])
    }

    @Test func eachKeySaysWhereAndWhenItStoppedAndARevocationWhoSignedIt() {
        // setup: two rotations (at #4 and #9) and a revocation by coordB.
        let second = MemberSigningKey(), third = MemberSigningKey(), first = DemoKeys.signingKey(for: member).publicKey
        let folded = DirectoryFold.fold(
            seed: seed,
            events: [
                event(member, 9, at: 300, .rotate(key: third.publicKey)), event(member, 4, at: 100, .rotate(key: second.publicKey)),
                event(coordB, 2, at: 500, .revoke(member: member, after: 12)),
            ])

        // MUT
        let stints = folded.keyStints(of: member)

        // validate
        #expect(stints.map(\.key) == [first, second.publicKey, third.publicKey])
        #expect(stints.map(\.from) == [1, 5, 10] && stints.map(\.until) == [4, 9, nil])
        #expect(stints.map(\.stoppedAt?.wallMillis) == [100, 300, nil])
        #expect(stints.last?.isCurrent == true && stints.first?.isCurrent == false)
        #expect(folded.revocation(of: member) == Revocation(after: 12, by: coordB, at: HybridTimestamp(wallMillis: 500, counter: 0)))
        #expect(folded.revocation(of: coordA) == nil && folded.formerMembers == [member])
        #expect(folded.keyStints(of: newcomer).isEmpty)
    }

    @Test func revocationsAreMonotoneAndTheEarliestPointHolds() {
        let folded = DirectoryFold.fold(
            seed: seed,
            events: [
                event(coordA, 1, at: 100, .revoke(member: member, after: 7)), event(coordB, 1, at: 200, .revoke(member: member, after: 3)),
            ])
        #expect(folded.directory.revokedAfter[member] == 3)
        #expect(folded.directory.isRevoked(member, seq: 4))
        #expect(!folded.directory.isRevoked(member, seq: 3))
        // A revoked coordinator's later directory changes count for nothing.
        let coordinatorRevoked = DirectoryFold.fold(
            seed: seed,
            events: [event(coordB, 1, at: 100, .revoke(member: coordA, after: 0)), event(coordA, 1, at: 200, .member(entry(newcomer)))])
        #expect(coordinatorRevoked.directory[newcomer] == nil)
    }

    /// Property: every arrival order (all permutations, with duplicates) folds to the same digest.
    @Test func arrivalOrderDoesNotChangeTheDirectoryDigest() {
        let events = [
            event(coordA, 1, at: 100, .member(entry(newcomer, name: "From A"))),
            event(coordB, 1, at: 100, .member(entry(newcomer, name: "From B", role: .coordinator))),
            event(newcomer, 1, at: 150, .member(entry(member, name: "By the newcomer"))),
            event(member, 3, at: 120, .rotate(key: MemberSigningKey().publicKey)),
            event(coordA, 2, at: 300, .revoke(member: member, after: 9)),
            event(member, 1, at: 90, .member(entry(coordA, name: "Forged"))),
        ]
        let expected = DirectoryFold.fold(seed: seed, events: events).directory.digest
        var count = 0
        for order in permutations(events) {
            #expect(DirectoryFold.fold(seed: seed, events: order + [order[0]]).directory.digest == expected)
            count += 1
        }
        #expect(count == 720)
        // The digest does tell directories apart.
        #expect(DirectoryFold.fold(seed: seed, events: events.dropLast(2)).directory.digest != expected)
    }

    func permutations<T>(_ items: [T]) -> [[T]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index -> [[T]] in
            var rest = items
            let head = rest.remove(at: index)
            return permutations(rest).map { [head] + $0 }
        }
    }

    @Test func aDirectoryCommitRoundTripsThroughItsCanonicalBytes() throws {
        let key = DemoKeys.signingKey(for: coordA)
        let commit = Commit(
            origin: coordA, stream: .public, seq: 1, hlc: HybridTimestamp(wallMillis: 5, counter: 0), operations: [],
            directory: [.member(entry(newcomer)), .revoke(member: member, after: 2), .rotate(key: MemberSigningKey().publicKey)])
        let signed = SignedCommit(signing: commit, with: key)
        #expect(try signed.verified(by: seed) == commit)
        // A member (not a coordinator) signing the same changes is refused as a forged write.
        let forged = Commit(
            origin: member, stream: .public, seq: 1, hlc: commit.hlc, operations: [], directory: [.member(entry(newcomer))])
        #expect(throws: CommitError.notCoordinator(origin: "member-fr", seq: 1, operation: "member")) {
            try SignedCommit(signing: forged, with: DemoKeys.signingKey(for: member)).verified(by: seed)
        }
        // The operation is written with its keys in byte order, after the catalogue operations.
        let text = String(decoding: commit.canonicalBytes, as: UTF8.self)
        #expect(text.contains(#"{"after":2,"member":"member-fr","op":"revoke"}"#))
    }

    /// Found by the simulator: a node that held a rotation before the revocation that precedes it
    /// arrived folded another directory than the nodes that refused it.
    @Test func aRotationSignedAfterTheRevocationPointCountsForNothingWhateverTheClocks() {
        let next = MemberSigningKey(), old = DemoKeys.signingKey(for: member).publicKey
        let revocation = event(coordA, 1, at: 100, .revoke(member: member, after: 1))
        for wall: Int64 in [50, 500] {
            let rotation = event(member, 2, at: wall, .rotate(key: next.publicKey))
            let folded = DirectoryFold.fold(seed: seed, events: [rotation, revocation])
            #expect(folded.directory.keys(of: member) == [KeyPeriod(key: old, from: 1)])
            #expect(folded.ignored == [rotation.id])
            #expect(folded.directory.digest == DirectoryFold.fold(seed: seed, events: [revocation]).directory.digest)
        }
        // A rotation at the point itself counts: its key signs commits no one will store, but the history stays.
        let kept = DirectoryFold.fold(seed: seed, events: [event(member, 1, at: 50, .rotate(key: next.publicKey)), revocation])
        #expect(kept.directory.key(of: member, seq: 2) == next.publicKey)
    }

    /// Found by the simulator: a revoked member's commit past its point signed by a key the directory
    /// does not hold (its refused rotation's) is refused as revoked, so the page goes on, not as forged.
    @Test func aCommitPastTheRevocationPointIsRefusedAsRevokedWhateverItsKey() {
        let directory = DirectoryFold.fold(seed: seed, events: [event(coordA, 1, at: 100, .revoke(member: member, after: 1))]).directory
        let commit = Commit(
            origin: member, stream: .public, seq: 2, hlc: HybridTimestamp(wallMillis: 200, counter: 0), operations: [],
            directory: [.rotate(key: MemberSigningKey().publicKey)])
        let signed = SignedCommit(signing: commit, with: MemberSigningKey())
        #expect(throws: CommitError.revoked(origin: member.rawValue, seq: 2, after: 1)) { try signed.verified(by: directory) }
    }
}
