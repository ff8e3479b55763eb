import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MosaicServer

/// `HEAD` answers as `GET` does, without a body (RFC 9110 §9.3.2): uptime checks use it.
@Suite struct HeadRequestTests {
    @Test func headAnswersAsGetWithoutABody() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            for path in ["/healthz", "/", "/dashboard.csv", "/api/v1/records/00000000-0000-4000-8000-000000000000", "/no-such-page"] {
                let get = try await client.execute(uri: path, method: .get)
                let head = try await client.execute(uri: path, method: .head)
                #expect(head.status == get.status, "\(path)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(path)")
                #expect(head.body.readableBytes == 0, "\(path): no body")
            }
        }
    }

    @Test func headFollowsTheAccessOfGetAndChangesNothing() async throws {
        let fixture = try await WebFixture.make(anonymousRead: false)
        let before = try await fixture.catalogue.vector()
        try await fixture.test { client async throws in
            let get = try await client.execute(uri: "/api/v1/records", method: .get)
            let head = try await client.execute(uri: "/api/v1/records", method: .head)
            #expect(get.status == .unauthorized)
            #expect(head.status == get.status, "no token: refused as GET is")
            let withToken = try await client.execute(
                uri: "/api/v1/records", method: .head, headers: WebFixture.bearer(fixture.editorToken, json: false))
            #expect(withToken.status == .ok)
            // A route that only takes POST has no GET to stand for it.
            let post = try await client.execute(
                uri: "/api/v1/records", method: .head, headers: WebFixture.bearer(fixture.editorToken), body: ByteBuffer(string: "{}"))
            #expect(post.status == .ok && post.body.readableBytes == 0)
        }
        #expect(try await fixture.catalogue.vector() == before)
    }
}
