import Foundation
import MosaicCore
import Testing

/// What `mosaic members publish` signs: additions, changed fields, the first publication of seed
/// entries, and the changes it refuses (keys, revoked members).
@Suite struct DirectoryDiffTests {
    let coordinator = MemberID("coord-a")!, member = MemberID("member-fr")!, newcomer = MemberID("new-at")!

    func entry(_ id: MemberID, name: String? = nil, role: MemberRole = .member, key: MemberPublicKey? = nil) -> Member {
        Member(
            id: id, name: name ?? "Organisation \(id)", country: CountryCode("FR")!, languages: [LanguageTag("fr")!], endpoint: nil,
            publicKey: key ?? DemoKeys.signingKey(for: id).publicKey, role: role)
    }

    func event(_ origin: MemberID, _ seq: Int64, _ operation: DirectoryOperation) -> DirectoryEvent {
        DirectoryEvent(
            id: WriteID(origin: origin, stream: .public, seq: seq, index: 0), hlc: HybridTimestamp(wallMillis: seq, counter: 0),
            operation: operation)
    }

    @Test func theFirstPublishCarriesTheSeedThenOnlyWhatChanged() {
        let seed = MemberDirectory([entry(coordinator, role: .coordinator), entry(member)])
        let first = DirectoryDiff.between(files: seed, effective: DirectoryFold.fold(seed: seed, events: []))
        #expect(first.changes == [.firstPublication(entry(coordinator, role: .coordinator)), .firstPublication(entry(member))])

        let published = DirectoryFold.fold(seed: seed, events: first.operations.enumerated().map { event(coordinator, Int64($0 + 1), $1) })
        #expect(DirectoryDiff.between(files: seed, effective: published).changes.isEmpty)

        let edited = MemberDirectory([
            entry(coordinator, role: .coordinator), entry(member, name: "Renamed", role: .coordinator), entry(newcomer),
        ])
        let diff = DirectoryDiff.between(files: edited, effective: published)
        #expect(
            diff.changes == [.update(entry(member, name: "Renamed", role: .coordinator), fields: ["name", "role"]), .add(entry(newcomer))])
        #expect(diff.refused.isEmpty && diff.notInFiles.isEmpty)
    }

    @Test func aTakenJoinRequestIsAnAdditionAtTheFirstPublishAndAnUpdateNamesItsOldValues() {
        // setup: the coordinator's Members/ holds the seed and a member whose join request it took.
        let seed = MemberDirectory([entry(coordinator, role: .coordinator), entry(member), entry(newcomer)])
        let effective = DirectoryFold.fold(seed: seed, events: [])

        // MUT
        let first = DirectoryDiff.between(files: seed, effective: effective, taken: [newcomer])

        // validate: the seed is not listed as new; the newcomer is.
        #expect(first.newChanges == [.add(entry(newcomer))])
        #expect(first.firstPublications.map(\.id) == [coordinator, member])
        #expect(first.operations.count == 3, "every entry is signed once")

        let published = DirectoryFold.fold(seed: seed, events: first.operations.enumerated().map { event(coordinator, Int64($0 + 1), $1) })
        var moved = entry(member)
        moved.endpoint = URL(string: "https://new.example.fr/mosaic/")
        let diff = DirectoryDiff.between(
            files: MemberDirectory([entry(coordinator, role: .coordinator), moved, entry(newcomer)]), effective: published)
        #expect(diff.changes == [.update(moved, fields: ["endpoint"])])
        #expect(diff.previous[member]?.endpoint == nil && diff.previous[member]?.name == entry(member).name)
    }

    @Test func afterAFirstPublicationAnUnpublishedFileIsAnAddition() {
        let seed = MemberDirectory([entry(coordinator, role: .coordinator), entry(member)])
        let published = DirectoryFold.fold(seed: seed, events: [event(coordinator, 1, .member(entry(member)))])
        #expect(DirectoryDiff.between(files: seed, effective: published).changes == [.add(entry(coordinator, role: .coordinator))])
    }

    @Test func aKeyIsNeverChangedByPublishing() {
        let seed = MemberDirectory([entry(coordinator, role: .coordinator), entry(member)])
        let next = MemberSigningKey().publicKey
        let rotated = DirectoryFold.fold(seed: seed, events: [event(member, 3, .rotate(key: next))])
        // Members/ still holds the old key: not published, and the message gives the current key.
        let stale = DirectoryDiff.between(files: seed, effective: rotated)
        #expect(stale.refused.count == 1 && stale.refused[0].contains(next.base64))
        // A key nobody rotated to is refused with the way to do it.
        let files = MemberDirectory([entry(coordinator, role: .coordinator), entry(member, key: MemberSigningKey().publicKey)])
        let diff = DirectoryDiff.between(files: files, effective: DirectoryFold.fold(seed: seed, events: []))
        #expect(diff.refused.count == 1 && diff.refused[0].contains("mosaic keys rotate"))
        // The entry it would publish keeps the member's first key.
        #expect(diff.changes.allSatisfy { $0.member.publicKey == seed[$0.member.id]?.publicKey })
        // Removing a file never revokes.
        let removed = DirectoryDiff.between(files: MemberDirectory([entry(coordinator, role: .coordinator)]), effective: rotated)
        #expect(removed.notInFiles == [member])
    }

    /// A revoked member's file may stay in Members/: publishing says nothing of it unless the file
    /// changes the entry, which is refused.
    @Test func aRevokedMembersUnchangedFileIsNotReported() {
        let seed = MemberDirectory([entry(coordinator, role: .coordinator), entry(member)])
        let revoked = DirectoryFold.fold(seed: seed, events: [event(coordinator, 1, .revoke(member: member, after: 0))])
        let kept = DirectoryDiff.between(files: seed, effective: revoked)
        #expect(kept.refused.isEmpty && kept.changes.allSatisfy { $0.member.id != member })
        let renamed = DirectoryDiff.between(
            files: MemberDirectory([entry(coordinator, role: .coordinator), entry(member, name: "Renamed")]), effective: revoked)
        #expect(renamed.refused.count == 1 && renamed.refused[0].contains("revoked"))
    }
}
