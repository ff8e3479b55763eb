import Foundation
import Hummingbird
import HummingbirdTesting
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicStore
import Testing

/// A restored node refuses writes through the API (and the web interface, through the same problem) until it has recovered
/// its own commits from its peers, with a clear answer rather than a 500.
@Suite struct RecoveryRefusalTests {
    @Test func apiWritesAreRefusedWith503WhileRecovering() async throws {
        // setup: a node on disk, backed up and restored, waiting for beta
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-recovery-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let alpha = MemberID("alpha")!, beta = MemberID("beta")!
        let directory = MemberDirectory(
            [alpha, beta].map { id in
                Member(
                    id: id, name: "Organisation \(id)", country: CountryCode("BE")!, languages: [LanguageTag("fr")!], endpoint: nil,
                    publicKey: DemoKeys.signingKey(for: id).publicKey, role: .member)
            })
        let key = DemoKeys.signingKey(for: alpha)
        let database = folder + "/alpha.sqlite"
        try CatalogueStore(path: database, member: alpha).backup(to: folder + "/backup.sqlite")
        _ = try DatabaseRestore.restore(
            folder + "/backup.sqlite", into: database, member: alpha, publicKey: key.publicKey, peers: [beta], stamp: "t")
        let catalogue = NodeCatalogue(
            store: try CatalogueStore(path: database, member: alpha), member: alpha, signingKey: key, directory: directory)
        try await catalogue.addAccount(
            Account(name: "editor", role: .editor), passwordHash: try await PasswordHasher(cost: 4).hash("correct horse battery"))
        let token = try await catalogue.createToken(for: "editor", label: "tests")
        let config = NodeConfig(member: alpha, databasePath: database, keyFilePath: "unused", membersDirectory: "unused")
        let setup = NodeSetup(configFile: "test.yaml", config: config, directory: directory, signingKey: key)
        let app = Application(router: try NodeServer.router(setup: setup, catalogue: catalogue))

        // MUT and validate
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "/api/v1/records", method: .post, headers: WebFixture.bearer(token),
                body: ByteBuffer(string: #"{"type":"practice","title":{"en":"x"}}"#))
            #expect(response.status == .serviceUnavailable)
            let problem = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            #expect(problem["type"] as? String == "https://mosaic.example/problems/recovering-own-commits")
            #expect((problem["detail"] as? String)?.contains("restored from a backup") == true)
            #expect((problem["detail"] as? String)?.contains("beta") == true)
        }
        #expect(try await catalogue.vector()[alpha] == 0)
    }
}
