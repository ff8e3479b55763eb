import Foundation
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// Invariant 7: a private record lives in local-only commits that never leave the node.
@Suite struct PrivateRecordTests {
    let network = TestNetwork()
    let secret = "Confidentiel-7f3a: brouillon interne sur le dossier Vietnam"

    @Test func noByteOfAPrivateRecordLeavesInABundleOrAPage() async throws {
        let node = try network.node(TestNetwork.owner)
        let shared = try await node.commit([
            .create(type: .practice, nonce: "shared-nonce-1", assignments: try assign("title.fr=Formation ReACT"), isPrivate: false)
        ])
        let hidden = try await node.commit([
            .create(
                type: .practice, nonce: "secret-nonce-1",
                assignments: try assign("title.fr=\(secret)", "contact=secret-7f3a@ecpat.example"), isPrivate: true)
        ])
        try await node.commit([.edit(hidden.created[0], try assign("summary.fr=\(secret) (suite)"))])
        #expect(try await node.record(hidden.created[0])?.isPrivate == true)

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-private-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("out.bundle").path
        let summary = try await CommitBundle.create(from: node, at: path)
        #expect(summary.commits == 1)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for needle in ["7f3a", "Confidentiel", hidden.created[0].rawValue] {
            #expect(bytes.range(of: Data(needle.utf8)) == nil, "'\(needle)' leaked into the bundle")
        }
        let page = try await node.commits(after: VersionVector(), limit: .max).commits
        #expect(page.allSatisfy { String(decoding: $0.bytes, as: UTF8.self).contains("7f3a") == false })
        #expect(page.count == 1 && shared.commit.seq == 1)
        // Private records do not count in the shared digest.
        let peer = try network.node(TestNetwork.member)
        try await node.push(to: peer)
        let nodeDigest = try await node.digest()
        #expect(try await peer.digest() == nodeDigest)
        #expect(try await peer.record(hidden.created[0]) == nil)
    }

    @Test func publishingWritesTheCurrentStateInAPublicCommit() async throws {
        let node = try network.node(TestNetwork.owner)
        let hidden = try await node.commit([
            .create(
                type: .practice, nonce: "secret-nonce-2", assignments: try assign("title.fr=Brouillon", "themes=training"), isPrivate: true)
        ])
        let id = hidden.created[0]
        try await node.commit([.edit(id, try assign("title.fr=Version finale", "year=2025"))])
        let published = try await node.commit([.publish(id)])
        #expect(published.commit.stream == .public)
        let peer = try network.node(TestNetwork.member)
        try await node.push(to: peer)
        let remote = try #require(try await peer.record(id))
        #expect(remote.value(RegisterKey(field: "title", lang: LanguageTag("fr")!)) == "Version finale")
        #expect(remote.value(RegisterKey(field: "year")) == "2025")
        #expect(remote.values("themes") == ["training"])
        #expect(!remote.isPrivate)
        let local = try #require(try await node.record(id))
        #expect(!local.isPrivate)
        let nodeDigest = try await node.digest()
        #expect(try await peer.digest() == nodeDigest)
        // Published text never travelled before publishing: the old draft title is nowhere in the public commits.
        let page = try await node.commits(after: VersionVector(), limit: .max).commits
        #expect(page.allSatisfy { !String(decoding: $0.bytes, as: UTF8.self).contains("Brouillon") })
    }

    @Test func aSharedRecordCannotBecomePrivate() async throws {
        let node = try network.node(TestNetwork.owner)
        let shared = try await node.commit([
            .create(type: .practice, nonce: "shared-nonce-3", assignments: try assign("title.fr=Public"), isPrivate: false)
        ])
        await #expect(throws: AuthoringError.cannotMakePrivate(shared.created[0])) {
            try await node.commit([.edit(shared.created[0], try assign("visibility=private"))])
        }
    }

    @Test func aLocalCommitSentByAPeerIsRefused() async throws {
        let node = try network.node(TestNetwork.owner)
        let hidden = try await node.commit([
            .create(type: .practice, nonce: "secret-nonce-4", assignments: try assign("title.fr=Brouillon"), isPrivate: true)
        ])
        let leaked = SignedCommit(signing: hidden.commit, with: TestNetwork.key(TestNetwork.owner))
        let peer = try network.node(TestNetwork.member)
        await #expect(throws: ApplyError.self) { try await peer.apply([leaked], relay: TestNetwork.owner) }
    }
}
