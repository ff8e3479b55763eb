import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicStore
import Testing

/// The sync routes read the effective directory at each request: a member added by a directory
/// commit pulls at once, a revoked one gets 401, with the same running router (no restart).
@Suite struct DirectorySyncAuthTests {
    let alpha = MemberID("alpha")!, gamma = MemberID("gamma")!

    func member(_ id: MemberID, role: MemberRole) -> Member {
        Member(
            id: id, name: "\(id)", country: CountryCode("BE")!, languages: [], endpoint: nil,
            publicKey: DemoKeys.signingKey(for: id).publicKey, role: role)
    }

    func pull(_ client: some TestClientProtocol, as id: MemberID) async throws -> (HTTPResponse.Status, String) {
        let body = Array(#"{"limit":10,"vector":{}}"#.utf8)
        let signed = try RequestSignature.sign(
            method: "POST", authority: "localhost", path: "/sync/v1/pull", body: body, member: id, key: DemoKeys.signingKey(for: id),
            created: Int64(Date().timeIntervalSince1970), nonce: RequestSignature.newNonce())
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[HTTPField.Name("Content-Digest")!] = signed.contentDigest
        fields[HTTPField.Name("Signature-Input")!] = signed.signatureInput
        fields[HTTPField.Name("Signature")!] = signed.signature
        return try await client.execute(uri: "/sync/v1/pull", method: .post, headers: fields, body: ByteBuffer(bytes: body)) { response in
            (response.status, String(buffer: response.body))
        }
    }

    /// alpha's node (listening on port 8081) with `directory`, in memory.
    func node(_ directory: MemberDirectory) throws -> (NodeSetup, NodeCatalogue) {
        var config = NodeConfig(member: alpha, databasePath: ":memory:", keyFilePath: "unused", membersDirectory: "unused")
        config.listen = ListenAddress(host: "127.0.0.1", port: 8081)
        let setup = NodeSetup(configFile: "test", config: config, directory: directory, signingKey: DemoKeys.signingKey(for: alpha))
        let catalogue = NodeCatalogue(
            store: try CatalogueStore.inMemory(member: alpha), member: alpha, signingKey: setup.signingKey, directory: directory)
        return (setup, catalogue)
    }

    @Test func aMemberAddedByADirectoryCommitPullsAndARevokedOneGets401WithoutRestart() async throws {
        let directory = MemberDirectory([member(alpha, role: .coordinator)])
        let (setup, catalogue) = try node(directory)
        let app = Application(router: try NodeServer.router(setup: setup, catalogue: catalogue))
        try await app.test(.router) { client in
            let unknown = try await pull(client, as: gamma)
            #expect(unknown.0 == .unauthorized && unknown.1.contains("unknown member 'gamma'"))

            try await catalogue.commitDirectory([.member(member(gamma, role: .member))])
            let added = try await pull(client, as: gamma)
            #expect(added.0 == .ok && added.1.contains("\"more\":false"), "\(added.1)")

            try await catalogue.commitDirectory([.revoke(member: gamma, after: 0)])
            let revoked = try await pull(client, as: gamma)
            #expect(revoked.0 == .unauthorized && revoked.1.contains("member 'gamma' was revoked"), "\(revoked.1)")
        }
    }
    /// A node that moved (its endpoint changed by a published directory commit) accepts requests
    /// signed for its new address at once: the authority it checks is its own entry in the
    /// effective directory, not the seed it started with. An outsider found a moved node refusing
    /// every pull until its own `Members/` file was edited and it was restarted.
    @Test func aMovedNodeAcceptsRequestsSignedForItsNewAddressWithoutRestart() async throws {
        let seed = Member(
            id: alpha, name: "alpha", country: CountryCode("BE")!, languages: [], endpoint: URL(string: "http://old.example/")!,
            publicKey: DemoKeys.signingKey(for: alpha).publicKey, role: .coordinator)
        let directory = MemberDirectory([seed, member(gamma, role: .member)])
        let (setup, catalogue) = try node(directory)
        let app = Application(router: try NodeServer.router(setup: setup, catalogue: catalogue))
        try await app.test(.router) { client in
            // The test client reaches the node as `localhost`, which is not (yet) its name.
            let before = try await pull(client, as: gamma)
            #expect(before.0 == .unauthorized && before.1.contains("signed for another node"), "\(before.1)")

            let moved = Member(
                id: alpha, name: "alpha", country: CountryCode("BE")!, languages: [], endpoint: URL(string: "http://localhost/")!,
                publicKey: DemoKeys.signingKey(for: alpha).publicKey, role: .coordinator)
            try await catalogue.commitDirectory([.member(moved), .member(member(gamma, role: .member))])
            let after = try await pull(client, as: gamma)
            #expect(after.0 == .ok, "\(after.1)")
        }
    }
}
