import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicStore
import Testing

/// Every way a sync request is refused, and the proof that every state-changing or sync route
/// is authenticated.
@Suite struct SyncAuthenticationTests {
    let alpha = MemberID("alpha")!, beta = MemberID("beta")!

    /// Node alpha (beta is its only other member), on `path` or in memory; `endpoint` is alpha's own
    /// endpoint in the directory (none by default).
    func node(path: String? = nil, endpoint: URL? = nil, configure: (inout NodeConfig) -> Void = { _ in }) throws -> (NodeSetup, NodeCatalogue) {
        let directory = MemberDirectory(
            [alpha, beta].map {
                Member(
                    id: $0, name: "\($0)", country: CountryCode("BE")!, languages: [], endpoint: $0 == alpha ? endpoint : nil,
                    publicKey: DemoKeys.signingKey(for: $0).publicKey, role: .member)
            })
        var config = NodeConfig(member: alpha, databasePath: ":memory:", keyFilePath: "unused", membersDirectory: "unused")
        config.sync.maxBodyBytes = 4096
        config.listen = ListenAddress(host: "127.0.0.1", port: 8081)  // a fixed port: the endpoint is its name
        configure(&config)
        let setup = NodeSetup(configFile: "test", config: config, directory: directory, signingKey: DemoKeys.signingKey(for: alpha))
        let catalogue = NodeCatalogue(
            store: try path.map { try CatalogueStore(path: $0, member: alpha) } ?? CatalogueStore.inMemory(member: alpha), member: alpha,
            signingKey: setup.signingKey, directory: directory)
        return (setup, catalogue)
    }

    static let pullBody = Array(#"{"limit":10,"vector":{}}"#.utf8)

    /// Headers of a request signed as `member` with `key`.
    func signed(
        _ method: String = "POST", _ path: String = "/sync/v1/pull", body: [UInt8] = pullBody, member: String = "beta",
        key: MemberSigningKey? = nil, created: Int64 = Int64(Date().timeIntervalSince1970), nonce: String = RequestSignature.newNonce()
    ) -> HTTPFields {
        let signer = MemberID(member) ?? beta
        // The router test client addresses every request to `localhost`.
        let headers = try! RequestSignature.sign(
            method: method, authority: "localhost", path: path, body: body, member: signer, key: key ?? DemoKeys.signingKey(for: signer),
            created: created, nonce: nonce)
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[HTTPField.Name("Content-Digest")!] = headers.contentDigest
        // Lookalike ids are written into the header as they are, not as a parsed member id.
        fields[HTTPField.Name("Signature-Input")!] = headers.signatureInput.replacingOccurrences(
            of: "keyid=\"\(signer)\"", with: "keyid=\"\(member)\"")
        fields[HTTPField.Name("Signature")!] = headers.signature
        return fields
    }

    func expect(
        _ headers: HTTPFields, body: [UInt8] = pullBody, method: HTTPRequest.Method = .post, path: String = "/sync/v1/pull",
        endpoint: URL? = nil, status: HTTPResponse.Status, reason: String
    ) async throws {
        let (setup, catalogue) = try node(endpoint: endpoint)
        let before = try await catalogue.vector()
        let app = Application(router: try NodeServer.router(setup: setup, catalogue: catalogue))
        try await app.test(.router) { client in
            try await client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(bytes: body)) { response in
                #expect(response.status == status)
                #expect(String(buffer: response.body).contains(reason), "\(String(buffer: response.body))")
            }
        }
        #expect(try await catalogue.vector() == before)
    }

    @Test func aProperlySignedPullIsAnswered() async throws {
        try await expect(signed(), status: .ok, reason: "\"more\":false")
    }

    @Test func aRequestSignedForOneNodeAndReplayedToAnotherIs401() async throws {
        // Signed for the node at `localhost` (the test client's Host), accepted there, then replayed
        // byte for byte to a node whose endpoint is alpha.example:8081.
        let headers = signed()
        try await expect(headers, endpoint: URL(string: "http://localhost:80/")!, status: .ok, reason: "\"more\":false")
        try await expect(
            headers, endpoint: URL(string: "http://alpha.example:8081/")!, status: .unauthorized,
            reason: "signed for another node (authority localhost, this node is alpha.example:8081)")
    }

    @Test func missingSignatureIs401() async throws {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        try await expect(headers, status: .unauthorized, reason: "missing Signature-Input header")
    }

    @Test func alteredBodyIs401() async throws {
        try await expect(
            signed(), body: Array(#"{"limit":99,"vector":{}}"#.utf8), status: .unauthorized, reason: "Content-Digest does not match")
    }

    @Test func forgedSignatureIs401() async throws {
        var headers = signed()
        headers[HTTPField.Name("Signature")!] = "mosaic=:\(Data(repeating: 1, count: 64).base64EncodedString()):"
        try await expect(headers, status: .unauthorized, reason: "signature does not verify with the key of 'beta'")
    }

    @Test func wrongKeyForTheClaimedMemberIs401() async throws {
        try await expect(signed(key: MemberSigningKey()), status: .unauthorized, reason: "signature does not verify with the key of 'beta'")
    }

    @Test(arguments: ["gamma", "Beta", "beta/", "beta "])
    func unknownOrLookalikeMemberIs401(member: String) async throws {
        try await expect(signed(member: member), status: .unauthorized, reason: "unknown member")
    }

    /// An RFC 8941 string holds ASCII only: a lookalike with a Cyrillic `е` does not even parse.
    @Test func nonASCIIKeyIDIs401Malformed() async throws {
        try await expect(
            signed(member: "b\u{0435}ta"), status: .unauthorized, reason: "malformed Signature-Input: not an RFC 8941 dictionary")
    }

    @Test func staleAndFutureRequestsAre401() async throws {
        let now = Int64(Date().timeIntervalSince1970)
        try await expect(signed(created: now - 600), status: .unauthorized, reason: "ago, outside the 300 s window")
        try await expect(signed(created: now + 600), status: .unauthorized, reason: "in the future, outside the 300 s window")
    }

    @Test func replayedNonceIs401() async throws {
        let (setup, catalogue) = try node()
        let app = Application(router: try NodeServer.router(setup: setup, catalogue: catalogue))
        let headers = signed()
        try await app.test(.router) { client in
            try await client.execute(uri: "/sync/v1/pull", method: .post, headers: headers, body: ByteBuffer(bytes: Self.pullBody)) {
                response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/sync/v1/pull", method: .post, headers: headers, body: ByteBuffer(bytes: Self.pullBody)) {
                response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("replayed"))
            }
        }
    }

    @Test func oversizedBodyIs413BeforeParsing() async throws {
        let body = Array(repeating: UInt8(ascii: " "), count: 10_000)
        try await expect(signed(body: body), body: body, status: .contentTooLarge, reason: "exceeds the limit of 4096")
    }

    @Test func wrongContentTypeIs415() async throws {
        var headers = signed()
        headers[.contentType] = "text/plain"
        try await expect(headers, status: .unsupportedMediaType, reason: "Content-Type: application/json")
    }

    @Test func malformedPullBodyIs400() async throws {
        let body = Array(#"{"limit":-5,"vector":{}}"#.utf8)
        try await expect(signed(body: body), body: body, status: .badRequest, reason: "expected")
    }

    @Test func everyStateChangingRouteRefusesAnonymousCallers() async throws {
        let (setup, catalogue) = try node()
        let before = try await catalogue.vector()
        let routes = try NodeServer.routes(setup: setup, catalogue: catalogue)
        #expect(routes.count >= 30)
        for route in routes where route.changesState || route.method != .get {
            #expect(route.access != .open && route.access != .reader, "\(route) changes state or writes but is open")
        }
        let app = Application(router: try NodeServer.router(setup: setup, catalogue: catalogue))
        let record = RecordID.derive(origin: alpha, nonce: "n").rawValue
        try await app.test(.router) { client in
            for route in routes {
                let path = route.path.replacingOccurrences(of: "{id}", with: record).replacingOccurrences(of: "{field}", with: "title.en")
                    .replacingOccurrences(of: "{proposal}", with: "beta:1:0")
                var headers = HTTPFields()
                headers[.contentType] = "application/json"
                try await client.execute(uri: path, method: route.method, headers: headers, body: ByteBuffer(bytes: Self.pullBody)) {
                    response in
                    let status = response.status.code
                    switch route.access {
                    case .signedByMember: #expect(status == 401, "\(route)")
                    case .open: #expect(status == 200, "\(route)")
                    case .reader, .editor, .coordinator:
                        // The API answers 401; pages send a reader to the login form (303) or refuse a form (401).
                        #expect(
                            status == 401 || (status == 303 && route.method == .get && !route.path.hasPrefix("/api")), "\(route): \(status)"
                        )
                    case .form: #expect((400..<500).contains(status), "\(route): \(status)")
                    }
                }
            }
        }
        #expect(try await catalogue.vector() == before)
    }
}
