import Foundation
import MosaicCore
import MosaicStore
import Testing

/// No commit a peer would refuse: every way of making one (an edit of many fields, a publish of a
/// private record) is refused before signing when it would exceed ``Commit/maxBytes``, and
/// nothing changes then.
@Suite struct CommitSizeTests {
    let network = TestNetwork()
    /// 20,000 four-byte letters: a description at its limit, 80,000 bytes.
    static let description = String(repeating: "𝒜", count: 20_000)

    /// Distinct three-letter language tags: aaa, aab, …
    static func languages(_ range: Range<Int>) -> [LanguageTag] {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return range.map { index in
            let tag: String = "a" + String(letters[index / 26]) + String(letters[index % 26])
            return LanguageTag(tag)!
        }
    }

    static func descriptions(_ range: Range<Int>) -> [FieldAssignment] {
        languages(range).map { .register(RegisterKey(field: "description", lang: $0), description) }
    }

    @Test func anEditOfManyFieldsBeyondTheLimitIsRefusedAndChangesNothing() async throws {
        let node = try network.node(TestNetwork.owner)
        let created = try await node.commit([
            .create(type: .practice, nonce: "size-nonce-1", assignments: try assign("title.fr=Fiche"), isPrivate: false)
        ])
        let record = try #require(created.created.first)
        let before = (try await node.vector(), try await node.digest())
        await #expect {
            try await node.commit([.edit(record, Self.descriptions(0..<110))])
        } throws: { error in
            guard case .commitTooLarge(let named, 1, let bytes, _) = error as? AuthoringError else { return false }
            return named == record && bytes > Commit.maxBytes
        }
        #expect(try await node.vector() == before.0)
        #expect(try await node.digest() == before.1)
        // Half of it fits, and is signed as one commit every node accepts.
        let half = try await node.commit([.edit(record, Self.descriptions(0..<55))])
        #expect(half.commit.canonicalBytes.count <= Commit.maxBytes)
    }

    /// A private record built in edits that each fit becomes, when published, one public commit of
    /// its whole state: too large, it is refused with the record named, and stays private.
    @Test func publishingARecordTooLargeForOneCommitIsRefused() async throws {
        let node = try network.node(TestNetwork.owner)
        let created = try await node.commit([
            .create(
                type: .practice, nonce: "size-nonce-2", assignments: try assign("title.fr=Fiche privée") + Self.descriptions(0..<55),
                isPrivate: true)
        ])
        let record = try #require(created.created.first)
        try await node.commit([.edit(record, Self.descriptions(55..<110))])
        let before = try await node.vector()
        do {
            try await node.commit([.publish(record)])
            Issue.record("a publish of more than \(Commit.maxBytes) bytes was signed")
        } catch let error as AuthoringError {
            guard case .commitTooLarge(let named, _, _, _) = error else { Issue.record("\(error)"); return }
            #expect(named == record)
            #expect(error.description.contains(record.rawValue) && error.description.contains("nothing was changed"))
        }
        #expect(try await node.vector() == before)
        #expect(try await node.record(record)?.isPrivate == true)
    }
}
