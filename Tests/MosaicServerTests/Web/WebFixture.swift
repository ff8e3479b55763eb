import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicStore

/// A node for web and API tests: member `alpha` (its node), coordinator `coord`, member
/// `gamma`; accounts `editor` and `boss` (coordinator) with tokens; sample records, a conflict
/// and a proposal made by the other members and applied as synced commits.
struct WebFixture {
    static let alpha = MemberID("alpha")!, coord = MemberID("coord")!, gamma = MemberID("gamma")!
    static let password = "correct horse battery"

    let setup: NodeSetup
    let catalogue: NodeCatalogue
    let editorToken: String
    let bossToken: String
    /// A practice of alpha's with a title conflict (alpha vs coord) and a proposal by gamma.
    let contested: RecordID
    /// A plain practice of alpha's.
    let plain: RecordID

    static func make(anonymousRead: Bool = false, loginAttempts: Int = 5, configure: (inout NodeConfig) -> Void = { _ in }) async throws
        -> WebFixture
    {
        let directory = Self.directory
        var config = NodeConfig(member: alpha, databasePath: ":memory:", keyFilePath: "unused", membersDirectory: "unused")
        config.ui.anonymousRead = anonymousRead
        config.auth.loginAttemptsPerMinute = loginAttempts
        configure(&config)
        let setup = NodeSetup(configFile: "test.yaml", config: config, directory: directory, signingKey: DemoKeys.signingKey(for: alpha))
        let node = Self.node
        let catalogue = try node(alpha)
        let coordNode = try node(coord), gammaNode = try node(gamma)
        func practice(_ title: String, fr: String, themes: [String]) -> RecordChange {
            .create(
                type: .practice, nonce: RecordID.newNonce(),
                assignments: [
                    .register(RegisterKey(field: "title", lang: LanguageTag("en")!), title),
                    .register(RegisterKey(field: "title", lang: LanguageTag("fr")!), fr), .replaceSet(field: "themes", values: themes),
                    .replaceSet(field: "countries", values: ["BE"]),
                ], isPrivate: false)
        }
        let made = try await catalogue.commit([
            practice("Training on online exploitation", fr: "Formation au repérage de l'exploitation en ligne", themes: ["training"]),
            practice("Helpline for children", fr: "Ligne d'écoute pour les enfants", themes: ["helpline"]),
        ])
        let (contested, plain) = (made.created[0], made.created[1])
        for other in [coordNode, gammaNode] {
            _ = try await other.apply(try await catalogue.commits(after: VersionVector(), limit: 100).commits, relay: alpha)
        }
        let titleEN = RegisterKey(field: "title", lang: LanguageTag("en")!)
        try await catalogue.commit([.edit(contested, [.register(titleEN, "Training, owner's wording")])])
        try await coordNode.commit([.edit(contested, [.register(titleEN, "Training, coordinator's wording")])])
        try await gammaNode.commit([.edit(contested, [.add(field: "themes", value: "proposed-by-gamma")])])
        for other in [coordNode, gammaNode] {
            let held = try await catalogue.vector()
            _ = try await catalogue.apply(try await other.commits(after: held, limit: 100).commits, relay: other.member)
        }
        let hash = try await PasswordHasher(cost: 4).hash(password)
        try await catalogue.addAccount(Account(name: "editor", role: .editor), passwordHash: hash)
        try await catalogue.addAccount(Account(name: "boss", role: .coordinator), passwordHash: hash)
        return WebFixture(
            setup: setup, catalogue: catalogue, editorToken: try await catalogue.createToken(for: "editor", label: "tests"),
            bossToken: try await catalogue.createToken(for: "boss", label: "tests"), contested: contested, plain: plain)
    }

    /// The fixture's member directory: alpha and gamma members, coord a coordinator.
    static var directory: MemberDirectory {
        MemberDirectory(
            [(alpha, MemberRole.member), (coord, .coordinator), (gamma, .member)].map { id, role in
                Member(
                    id: id, name: "Organisation \(id)", country: CountryCode("BE")!, languages: [LanguageTag("fr")!], endpoint: nil,
                    publicKey: DemoKeys.signingKey(for: id).publicKey, role: role)
            })
    }

    /// An empty in-memory node of `member` in the fixture's directory (another node of the network).
    static func node(_ member: MemberID) throws -> NodeCatalogue {
        NodeCatalogue(
            store: try CatalogueStore.inMemory(member: member), member: member, signingKey: DemoKeys.signingKey(for: member),
            directory: directory)
    }

    /// Runs `body` against the node's router in-process.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: try NodeServer.router(setup: setup, catalogue: catalogue))
        try await app.test(.router, body)
    }

    /// Headers carrying a bearer token, and JSON when a body is sent.
    static func bearer(_ token: String, json: Bool = true) -> HTTPFields {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        if json { headers[.contentType] = "application/json" }
        return headers
    }
}

/// A browser's cookies and the CSRF token of the last page, for form tests.
struct BrowserSession: Sendable {
    var cookies: [String: String] = [:]
    var csrf = ""
    /// Sent as `X-Forwarded-For` when set (a client as a reverse proxy would forward it).
    var forwardedFor: String?

    var headers: HTTPFields {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let forwardedFor { headers[HTTPField.Name("X-Forwarded-For")!] = forwardedFor }
        return headers
    }

    /// Remembers the response's cookies and the CSRF token of its forms.
    mutating func absorb(_ response: TestResponse) {
        for field in response.headers[values: .setCookie] {
            let pair = field.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) } else if pair.count == 1 { cookies[String(pair[0])] = nil }
        }
        let html = String(buffer: response.body)
        if let range = html.range(of: #"name="csrf" value=""#) {
            csrf = String(html[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    /// Fetches `path` with the session's cookies.
    mutating func get(_ client: any TestClientProtocol, _ path: String) async throws -> TestResponse {
        let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
        absorb(response)
        return response
    }

    /// Posts a form (with the CSRF token unless `csrf` is given).
    mutating func post(_ client: any TestClientProtocol, _ path: String, _ fields: [(String, String)], csrf: String? = nil) async throws
        -> TestResponse
    {
        var headers = self.headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        let all = [("csrf", csrf ?? self.csrf)] + fields
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = all.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
        absorb(response)
        return response
    }

    /// Logs in through the form.
    mutating func login(_ client: any TestClientProtocol, as name: String, password: String = WebFixture.password) async throws
        -> TestResponse
    {
        _ = try await get(client, "/login")
        return try await post(client, "/login", [("username", name), ("password", password), ("next", "/")])
    }
}
