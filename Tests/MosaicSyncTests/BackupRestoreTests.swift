import Foundation
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicStore
import MosaicSync
import Testing

/// A restored node first recovers from its peers the commits it published after its backup, so it
/// never signs a second, different commit under a sequence number its peers already hold.
@Suite struct BackupRestoreTests {
    let alpha = MemberID("alpha")!, beta = MemberID("beta")!

    private func catalogue(at path: String, directory: MemberDirectory) throws -> NodeCatalogue {
        NodeCatalogue(
            store: try CatalogueStore(path: path, member: alpha), member: alpha, signingKey: DemoKeys.signingKey(for: alpha),
            directory: directory)
    }

    private func edit(_ catalogue: NodeCatalogue, _ record: RecordID, title: String) async throws {
        try await catalogue.commit([.edit(record, [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), title)])])
    }

    @Test func restoredNodeRecoversItsOwnCommitsBeforeSigningAgain() async throws {
        // setup: alpha on disk, beta in memory; alpha makes a record, beta pulls it
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-restore-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = folder + "/alpha.sqlite", backup = folder + "/alpha-backup.sqlite"
        let directory = LiveNode.directory([alpha, beta], coordinators: [])
        let betaNode = try await LiveNode.start(beta, directory: directory)
        var alphaNode = try await LiveNode.start(alpha, directory: directory, catalogue: try catalogue(at: database, directory: directory))
        let created = try await alphaNode.catalogue.commit([
            .create(
                type: .practice, nonce: RecordID.newNonce(),
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Training")], isPrivate: false)
        ])
        let record = created.created[0]
        #expect(await betaNode.pull(from: alphaNode).failure == nil)

        // MUT: back up, make 5 edits that beta pulls, restore
        let report = try alphaNode.catalogue.store.backup(to: backup)
        #expect(report.bytes > 0)
        for index in 1...5 { try await edit(alphaNode.catalogue, record, title: "Training v\(index)") }
        #expect(await betaNode.pull(from: alphaNode).failure == nil)
        #expect(try await betaNode.catalogue.vector()[alpha] == 6)
        await alphaNode.stop()
        let restored = try DatabaseRestore.restore(
            backup, into: database, member: alpha, publicKey: DemoKeys.signingKey(for: alpha).publicKey, peers: [beta], stamp: "test")
        #expect(restored.ownCommits == 1 && restored.awaiting == ["beta"])
        #expect(FileManager.default.fileExists(atPath: database + ".before-restore-test"))

        // validate: the restored node refuses to sign until it has pulled from beta
        let reopened = try catalogue(at: database, directory: directory)
        #expect(try await reopened.vector()[alpha] == 1)
        await #expect(throws: OwnCommitRecoveryPending(awaiting: ["beta"])) { try await edit(reopened, record, title: "too early") }
        #expect(try await reopened.vector()[alpha] == 1)
        alphaNode = try await LiveNode.start(alpha, directory: directory, catalogue: reopened)
        #expect(await alphaNode.pull(from: betaNode).failure == nil)
        #expect(try await reopened.vector()[alpha] == 6)
        #expect(try await reopened.recoveryAwaiting().isEmpty)

        // a new edit is #7: beta accepts it and both converge
        try await edit(reopened, record, title: "Training after restore")
        #expect(try await reopened.vector()[alpha] == 7)
        let pulled = await betaNode.pull(from: alphaNode)
        #expect(pulled.failure == nil, "\(String(describing: pulled.failure))")
        #expect(await alphaNode.pull(from: betaNode).failure == nil)
        #expect(try await betaNode.catalogue.vector()[alpha] == 7)
        #expect(try await betaNode.catalogue.status().digest == reopened.status().digest)
        #expect(try await betaNode.catalogue.record(record) == reopened.record(record))
        await alphaNode.stop()
        await betaNode.stop()
    }

    @Test func aFailedRoundDoesNotEndRecovery() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-restore-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = folder + "/alpha.sqlite", backup = folder + "/backup.sqlite"
        let directory = LiveNode.directory([alpha, beta], coordinators: [])
        let node = try catalogue(at: database, directory: directory)
        try node.store.backup(to: backup)
        _ = try DatabaseRestore.restore(
            backup, into: database, member: alpha, publicKey: DemoKeys.signingKey(for: alpha).publicKey, peers: [beta], stamp: "t")
        let reopened = try catalogue(at: database, directory: directory)
        try await reopened.recordRound(with: beta, error: ("unreachable", "connection refused"), lag: nil)
        #expect(try await reopened.recoveryAwaiting() == ["beta"])
        try await reopened.recordRound(with: beta, error: nil, lag: 0)
        #expect(try await reopened.recoveryAwaiting().isEmpty)
        _ = try await reopened.commit([
            .create(
                type: .practice, nonce: RecordID.newNonce(),
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "ok")], isPrivate: false)
        ])
    }
}
