import Foundation
import MosaicCore
import MosaicStore
import Testing

/// Applying commits: every refusal has its own message and leaves the database unchanged;
/// applying twice changes nothing.
@Suite struct CatalogueApplyTests {
    let network = TestNetwork()

    /// A node of `owner` with two records, and its commits.
    func populated() async throws -> (NodeCatalogue, [SignedCommit]) {
        let node = try network.node(TestNetwork.owner)
        try await node.commit([
            .create(
                type: .practice, nonce: "nonce-one-123", assignments: try assign("title.fr=Formation ReACT", "themes=trafficking|training"),
                isPrivate: false)
        ])
        try await node.commit([
            .create(
                type: .project, nonce: "nonce-two-123", assignments: try assign("title.en=East meets West", "status=idea"), isPrivate: false
            )
        ])
        return (node, try await node.commits(after: VersionVector(), limit: .max).commits)
    }

    @Test func applyingTwiceChangesNothing() async throws {
        let (source, commits) = try await populated()
        let target = try network.node(TestNetwork.member)
        let first = try await target.apply(commits, relay: TestNetwork.owner)
        #expect(first.applied == 2)
        let fingerprint = try await target.fingerprint()
        let second = try await target.apply(commits + commits, relay: TestNetwork.owner)
        #expect(second.applied == 0 && second.duplicates == 4)
        #expect(try await target.fingerprint() == fingerprint)
        let sourceDigest = try await source.digest()
        #expect(try await target.digest() == sourceDigest)
    }

    /// Applies `batch` to a node already holding `commits[0]`, expects `message` and an unchanged database.
    func expectRefusal(
        _ batch: (_ commits: [SignedCommit]) throws -> [SignedCommit], clock: TestClock = TestClock(), contains message: String
    ) async throws {
        let (_, commits) = try await populated()
        let target = try network.node(TestNetwork.member, clock: clock)
        try await target.apply([commits[0]], relay: TestNetwork.owner)
        let before = try await target.fingerprint()
        let digest = try await target.digest(), vector = try await target.vector()
        await #expect {
            try await target.apply(try batch(commits), relay: TestNetwork.member)
        } throws: { error in
            guard let error = error as? ApplyError else { return false }
            #expect(error.description.contains(message), "\(error)")
            #expect(error.relay == TestNetwork.member)
            return true
        }
        #expect(try await target.fingerprint() == before)
        let digestAfter = try await target.digest(), vectorAfter = try await target.vector()
        #expect(digestAfter == digest && vectorAfter == vector)
    }

    @Test func forgedSignatureIsRefused() async throws {
        try await expectRefusal(
            { commits in
                [commits[1], SignedCommit(bytes: commits[1].bytes, signature: Data(repeating: 7, count: 64))]
            }, contains: "the signature does not verify with owner-be's public key")
    }

    @Test func alteredByteIsRefused() async throws {
        try await expectRefusal(
            { commits in
                var bytes = commits[1].bytes
                let index = bytes.firstIndex(of: UInt8(ascii: "W"))!  // "East meets West"
                bytes[index] = UInt8(ascii: "V")
                return [SignedCommit(bytes: bytes, signature: commits[1].signature)]
            }, contains: "forged or altered")
    }

    @Test func commitSignedWithAnotherMembersKeyIsRefused() async throws {
        try await expectRefusal(
            { commits in
                let commit = try CommitDecoder.decode(commits[1].bytes)
                return [SignedCommit(signing: commit, with: TestNetwork.key(TestNetwork.member))]
            }, contains: "does not verify with owner-be's public key")
    }

    @Test func sequenceGapIsRefused() async throws {
        try await expectRefusal(
            { commits in
                let next = try CommitDecoder.decode(commits[1].bytes)
                let skipped = Commit(origin: next.origin, stream: .public, seq: 3, hlc: next.hlc, operations: next.operations)
                return [SignedCommit(signing: skipped, with: TestNetwork.key(TestNetwork.owner))]
            }, contains: "out of sequence: this node holds owner-be up to #1 and needs #2 first")
    }

    @Test func commitFromTheFarFutureIsRefused() async throws {
        let clock = TestClock()
        try await expectRefusal(
            { commits in
                clock.advance(-11 * 60_000)  // this node's clock is now 11 minutes behind the author's
                return [commits[1]]
            }, clock: clock, contains: "in the future, beyond the clock-skew bound of 300 s")
    }

    @Test func commitTwoMinutesAheadIsAccepted() async throws {
        let (_, commits) = try await populated()
        let target = try network.node(TestNetwork.member, clock: TestClock(1_764_000_000_000 - 2 * 60_000))
        #expect(try await target.apply(commits, relay: TestNetwork.owner).applied == 2)
    }

    @Test func oneBadCommitAnywhereRefusesTheWholeBatch() async throws {
        try await expectRefusal(
            { commits in
                [commits[1], SignedCommit(bytes: commits[1].bytes, signature: commits[0].signature)]
            }, contains: "forged or altered")
    }

    @Test func aDifferentCommitWithAHeldNumberIsRefused() async throws {
        try await expectRefusal(
            { commits in
                let held = try CommitDecoder.decode(commits[0].bytes)
                let twin = Commit(
                    origin: held.origin, stream: .public, seq: 1, hlc: HybridTimestamp(wallMillis: held.hlc.wallMillis, counter: 99),
                    operations: held.operations)
                return [SignedCommit(signing: twin, with: TestNetwork.key(TestNetwork.owner))]
            }, contains: "differs from the one already held")
    }

    @Test func commitsFromUnknownMembersAreHeldBackWithoutBlockingOthers() async throws {
        let outsider = try TestNetwork(known: [TestNetwork.owner, TestNetwork.outsider]).node(TestNetwork.outsider)
        try await outsider.commit([
            .create(type: .practice, nonce: "nonce-out-123", assignments: try assign("title.ru=Обучение"), isPrivate: false)
        ])
        let fromOutsider = try await outsider.commits(after: VersionVector(), limit: .max).commits
        let (_, commits) = try await populated()
        let target = try network.node(TestNetwork.member)
        let outcome = try await target.apply(fromOutsider + commits, relay: TestNetwork.coordinator)
        #expect(outcome.applied == 2)
        #expect(outcome.heldBack == ["outsider-kz"])
        #expect(try await target.vector() == VersionVector([TestNetwork.owner: 2]))
    }

    @Test func pagesAreBoundedAndOrderedPerOrigin() async throws {
        let (source, _) = try await populated()
        let page = try await source.commits(after: VersionVector(), limit: 1)
        #expect(page.commits.count == 1 && page.more)
        #expect(try CommitDecoder.decode(page.commits[0].bytes).seq == 1)
        let rest = try await source.commits(after: VersionVector([TestNetwork.owner: 1]), limit: 10)
        #expect(rest.commits.count == 1 && !rest.more)
    }
}
