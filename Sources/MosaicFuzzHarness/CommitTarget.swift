import Foundation
import MosaicCore
import MosaicStore

/// Commit bytes. The decoder either refuses them or returns a commit whose canonical bytes are
/// exactly the input; the fuzzer cannot forge signatures, so a decodable commit is signed with its
/// origin's demo key, after checking that a wrong signature never verifies, and then applied:
/// refused with the store unchanged, or applied whole.
enum CommitTarget {
    static func run(_ bytes: [UInt8], in fixture: FuzzFixture) async throws -> FuzzVerdict {
        try await fixture.guarding { before in
            let commit: Commit
            do throws(CommitError) {
                commit = try CommitDecoder.decode(bytes)
            } catch {
                let reason = error.description
                // Even signed by a member of the directory, bytes that do not decode are refused whole.
                let signed = SignedCommit(
                    bytes: bytes, signature: FuzzFixture.key(FuzzFixture.peer).signature(for: SignedCommit.signingInput(for: bytes)))
                do {
                    try await fixture.catalogue.apply([signed], relay: FuzzFixture.peer)
                } catch is ApplyError {
                    return .rejected(reason)
                }
                throw FuzzViolation("undecodable commit bytes were applied (\(reason))")
            }
            try require(commit.canonicalBytes == bytes, "decoded a commit whose canonical bytes differ from the input")
            try require((try? CommitDecoder.decode(commit.canonicalBytes)) == commit, "a commit does not decode from its canonical bytes")
            let signed = SignedCommit(signing: commit, with: FuzzFixture.key(commit.origin))
            try require(signed.bytes == bytes, "signing re-encoded the commit")
            var forged = signed.signature
            forged[forged.startIndex] ^= 0x01
            let tampered = SignedCommit(bytes: bytes, signature: forged)
            if fixture.directory[commit.origin] != nil {
                do {
                    _ = try tampered.verified(by: fixture.directory)
                    throw FuzzViolation("a signature with one bit flipped verified")
                } catch let error as CommitError {
                    try require(error == .badSignature(origin: commit.origin.rawValue, seq: commit.seq), "a forged signature gave \(error)")
                }
                try require((try? signed.verified(by: fixture.directory)) == commit, "the origin's own signature does not verify")
            }
            return try await apply([signed], relay: FuzzFixture.peer, before: before, in: fixture)
        }
    }

    /// Applies `commits` and checks all or nothing: on refusal, the caller's guard checks the
    /// store; on success every commit of a known origin is held and the log grew by `applied`.
    static func apply(_ commits: [SignedCommit], relay: MemberID, before: StoreSnapshot, in fixture: FuzzFixture) async throws
        -> FuzzVerdict
    {
        let outcome: ApplyOutcome
        do {
            outcome = try await fixture.catalogue.apply(commits, relay: relay)
        } catch let error as ApplyError {
            return .rejected(error.description)
        }
        let after = try await StoreSnapshot.take(fixture.catalogue)
        try require(
            outcome.applied + outcome.duplicates + outcome.heldBack.count == commits.count,
            "of \(commits.count) commits: \(outcome.applied) applied, \(outcome.duplicates) duplicates, \(outcome.heldBack.count) held back"
        )
        try require(
            after.added("commit_log", since: before) == outcome.applied,
            "the commit log grew by \(after.added("commit_log", since: before)) for \(outcome.applied) applied")
        for signed in commits {
            guard let commit = try? CommitDecoder.decode(signed.bytes) else { throw FuzzViolation("an undecodable commit was accepted") }
            try require(commit.stream == .public, "a local-only commit was accepted from a peer")
            if fixture.directory[commit.origin] == nil {
                try require(after.vector[commit.origin] == 0, "a commit of unknown \(commit.origin) was applied")
            } else {
                try require(after.vector[commit.origin] >= commit.seq, "accepted \(commit.origin)#\(commit.seq) is not held")
            }
        }
        if outcome.applied == 0 { return .rejected("nothing new") }
        // Whatever clock readings the commits carried, the node can still make its own commits.
        let title = FieldAssignment.register(RegisterKey(field: "title", lang: LanguageTag("fr")!), "Après un pull")
        do {
            try await fixture.catalogue.commit([.create(type: .practice, nonce: "fuzz-after-apply", assignments: [title], isPrivate: false)]
            )
        } catch is AuthoringError {}
        return .applied
    }
}
