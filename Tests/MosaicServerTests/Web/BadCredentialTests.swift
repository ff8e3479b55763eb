import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A refused `Authorization` header (not `Bearer`, an unknown or a revoked token) is a 401 that
/// says why on every surface: a problem document on the API, an error page on the web pages
/// (never an empty 500, never read as anonymous), whatever the route's access level.
@Suite struct BadCredentialTests {
    static let headers = ["Bearer mosaic_bogus", "Basic ZGVtbzpkZW1v", "Bearer " + String(repeating: "x", count: 300)]

    @Test(arguments: headers) func pagesAnswerA401PageThatSaysWhy(_ authorization: String) async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client in
            for uri in ["/", "/members", "/records/new", "/conflicts", "/login", "/records/\(fixture.plain.rawValue)"] {
                let response = try await client.execute(uri: uri, method: .get, headers: [.authorization: authorization])
                let page = String(buffer: response.body)
                #expect(response.status == .unauthorized, "\(uri): \(response.status)")
                #expect(page.contains("<html") && (page.contains("unknown or revoked") || page.contains("must be `Bearer")), "\(uri)")
            }
        }
    }

    @Test(arguments: headers) func theAPIAnswersA401Problem(_ authorization: String) async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client in
            let response = try await client.execute(uri: "/api/v1/records", method: .get, headers: [.authorization: authorization])
            #expect(response.status == .unauthorized)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func aGoodTokenStillReadsThePages() async throws {
        let fixture = try await WebFixture.make(anonymousRead: false)
        try await fixture.test { client in
            let response = try await client.execute(uri: "/", method: .get, headers: [.authorization: "Bearer \(fixture.editorToken)"])
            #expect(response.status == .ok)
        }
    }
}
