import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicStore
import Testing

/// Walks every route of the table as every kind of caller and checks each answer against the
/// route's declared access level: the table and what is enforced cannot disagree.
@Suite struct RouteAccessWalkTests {
    /// Who calls.
    enum Caller: String, CaseIterable, Sendable {
        case anonymous, editor, coordinator, editorToken, coordinatorToken, signedPeer, unknownPeer

        /// The account behind the caller, if any.
        var role: AccountRole? {
            switch self {
            case .editor, .editorToken: .editor
            case .coordinator, .coordinatorToken: .coordinator
            case .anonymous, .signedPeer, .unknownPeer: nil
            }
        }

        var viaToken: Bool { self == .editorToken || self == .coordinatorToken }
    }

    /// The class of an answer: let through by the guard (whatever the handler then said), or refused.
    enum Outcome: Equatable, CustomStringConvertible {
        case allowed
        /// 401 or 403.
        case refused(Int)
        /// A 303 to the login form.
        case sentToLogin

        var description: String {
            switch self {
            case .allowed: "allowed"
            case .refused(let status): "refused \(status)"
            case .sentToLogin: "sent to login"
            }
        }

        init(_ response: TestResponse) { self.init(status: Int(response.status.code), location: response.headers[.location]) }

        init(status: Int, location: String?) {
            switch status {
            case 401, 403: self = .refused(status)
            case 303 where location?.hasPrefix("/login?next=") == true: self = .sentToLogin
            default: self = .allowed
            }
        }
    }

    static let unknown = MemberID("zeta")!

    /// What the table says `caller` gets from `route`.
    static func expected(_ route: RouteDescription, _ caller: Caller, anonymousRead: Bool) -> Outcome {
        let unauthenticated: Outcome = route.surface == .pages && route.method == .get ? .sentToLogin : .refused(401)
        switch route.access {
        case .open, .form: return .allowed
        case .signedByMember: return caller == .signedPeer ? .allowed : .refused(401)
        case .reader: return caller.role != nil || anonymousRead ? .allowed : unauthenticated
        case .editor, .coordinator:
            guard let role = caller.role, caller.viaToken || route.surface != .api else { return unauthenticated }
            return role >= (route.access == .editor ? .editor : .coordinator) ? .allowed : .refused(403)
        }
    }

    /// `route`'s path with its parameters filled with ones that exist on the fixture's node.
    static func path(_ route: RouteDescription, _ fixture: WebFixture) -> String {
        route.path.replacingOccurrences(of: "{id}", with: fixture.plain.rawValue).replacingOccurrences(of: "{field}", with: "title.en")
            .replacingOccurrences(of: "{proposal}", with: "gamma:1:0")
    }

    /// The request `caller` sends to `route`: its credentials, the reader's CSRF cookie and a body
    /// of the route's kind (a form with the CSRF token on pages, JSON elsewhere).
    static func request(
        _ route: RouteDescription, _ caller: Caller, fixture: WebFixture, session: BrowserSession
    ) throws -> (String, HTTPFields, ByteBuffer) {
        let path = path(route, fixture)
        var headers = session.headers
        var body: [UInt8]
        if route.surface == .pages && route.method != .get {
            headers[.contentType] = "application/x-www-form-urlencoded"
            let login =
                route.path == "/login" ? "&username=editor&password=\(WebFixture.password.replacingOccurrences(of: " ", with: "+"))" : ""
            body = Array("csrf=\(session.csrf)&record=\(fixture.plain.rawValue)&choice=keep&field=title.en\(login)".utf8)
        } else {
            headers[.contentType] = "application/json"
            body = route.method == .get ? [] : Array(#"{"limit":10,"vector":{}}"#.utf8)
            if route.surface == .api && route.method != .get && route.path.hasSuffix("/resolve") { body = Array(#"{"keep":true}"#.utf8) }
        }
        switch caller {
        case .editorToken: headers[.authorization] = "Bearer \(fixture.editorToken)"
        case .coordinatorToken: headers[.authorization] = "Bearer \(fixture.bossToken)"
        case .signedPeer, .unknownPeer:
            let member = caller == .signedPeer ? WebFixture.gamma : unknown
            // The router test client addresses every request to `localhost`.
            let signed = try RequestSignature.sign(
                method: route.method.rawValue, authority: "localhost", path: path, body: body, member: member,
                key: DemoKeys.signingKey(for: member), created: Int64(Date().timeIntervalSince1970), nonce: RequestSignature.newNonce())
            headers[HTTPField.Name("Content-Digest")!] = signed.contentDigest
            headers[HTTPField.Name("Signature-Input")!] = signed.signatureInput
            headers[HTTPField.Name("Signature")!] = signed.signature
        case .anonymous, .editor, .coordinator: break
        }
        return (path, headers, ByteBuffer(bytes: body))
    }

    /// The table's routes in the order walked: `/logout` last, since it ends the caller's session.
    static func walkOrder(_ routes: [RouteDescription]) -> [RouteDescription] {
        routes.filter { $0.path != "/logout" } + routes.filter { $0.path == "/logout" }
    }

    @Test(arguments: [false, true])
    func everyRouteAnswersEveryCallerAsItsDeclaredLevelSays(anonymousRead: Bool) async throws {
        var levels: Set<RouteDescription.Access> = []
        for caller in Caller.allCases {
            // setup: a fresh node per caller, so that one caller's changes never decide another's answers
            let fixture = try await WebFixture.make(anonymousRead: anonymousRead)
            let routes = try NodeServer.routes(setup: fixture.setup, catalogue: fixture.catalogue)
            #expect(routes.count >= 30)
            levels.formUnion(routes.map(\.access))
            try await fixture.test { client in
                var session = BrowserSession()
                if caller == .editor || caller == .coordinator {
                    let login = try await session.login(client, as: caller == .editor ? "editor" : "boss")
                    try #require(login.status == .seeOther, "login as \(caller.rawValue)")
                }
                _ = try await session.get(client, "/login")  // this reader's CSRF cookie and token
                try #require(!session.csrf.isEmpty)
                for route in Self.walkOrder(routes) {
                    let (path, headers, body) = try Self.request(route, caller, fixture: fixture, session: session)
                    let expected = Self.expected(route, caller, anonymousRead: anonymousRead)
                    let before = try await fixture.catalogue.vector()
                    // MUT
                    let response = try await client.execute(uri: path, method: route.method, headers: headers, body: body)
                    // validate
                    let outcome = Outcome(response)
                    #expect(
                        outcome == expected,
                        "\(route) as \(caller.rawValue): \(outcome), status \(response.status.code), table says \(expected)")
                    if expected != .allowed {
                        #expect(
                            try await fixture.catalogue.vector() == before,
                            "\(route) as \(caller.rawValue) was refused but changed the catalogue")
                    }
                }
            }
        }
        #expect(levels == Set(RouteDescription.Access.allCases), "the walk covers every level")
    }

    @Test func everyPageThatChangesSomethingRefusesAFormWithoutThisReadersCSRFToken() async throws {
        // setup: a coordinator's session, which every page route lets through with the right token
        let fixture = try await WebFixture.make()
        let routes = try NodeServer.routes(setup: fixture.setup, catalogue: fixture.catalogue).filter {
            $0.surface == .pages && $0.method != .get
        }
        #expect(routes.count >= 8)
        try await fixture.test { client in
            var session = BrowserSession()
            try #require(try await session.login(client, as: "boss").status == .seeOther)
            _ = try await session.get(client, "/login")
            for route in routes {
                let before = try await fixture.catalogue.vector()
                for forged in ["", "c_" + String(repeating: "x", count: 30)] {
                    var sent = session
                    sent.csrf = forged
                    // MUT
                    let (path, headers, body) = try Self.request(route, .coordinator, fixture: fixture, session: sent)
                    let response = try await client.execute(uri: path, method: route.method, headers: headers, body: body)
                    // validate
                    #expect(response.status == .forbidden, "\(route) with CSRF token '\(forged)': \(response.status.code)")
                }
                #expect(try await fixture.catalogue.vector() == before, "\(route) changed the catalogue without a CSRF token")
            }
        }
    }

    @Test func theArchitectureDocumentListsEveryRouteWithItsLevel() async throws {
        let fixture = try await WebFixture.make()
        let routes = try NodeServer.routes(setup: fixture.setup, catalogue: fixture.catalogue)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("docs/ARCHITECTURE.md"), encoding: .utf8)
        let table = Self.markdown(routes)
        #expect(document.contains(table), "docs/ARCHITECTURE.md must hold this table of routes:\n\(table)")
    }

    /// The routes as a Markdown table, in the table's order.
    static func markdown(_ routes: [RouteDescription]) -> String {
        let rows = routes.map {
            "| `\($0.method) \($0.path)` | \($0.access.rawValue) | \($0.surface.rawValue) | \($0.changesState ? "yes" : "") |"
        }
        return (["| Route | Access | Surface | Changes state |", "|---|---|---|---|"] + rows).joined(separator: "\n")
    }
}
