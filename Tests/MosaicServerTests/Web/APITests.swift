import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicCore
import MosaicServer
import MosaicStore
import Testing

/// The JSON API: every route, its answers and its refusals (401, 403, 404, 413, 415, 422, 400).
@Suite struct APITests {
    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    @Test func readsNeedATokenUnlessAnonymousReadIsOn() async throws {
        let closed = try await WebFixture.make()
        try await closed.test { client async throws in
            let response = try await client.execute(uri: "/api/v1/records", method: .get)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.contentType] == "application/problem+json")
            let problem = try json(response)
            #expect(problem["status"] as? Int == 401)
            #expect((problem["detail"] as? String)?.contains("log in") == true)
            let bad = try await client.execute(uri: "/api/v1/status", method: .get, headers: WebFixture.bearer("mosaic_nope", json: false))
            #expect(bad.status == .unauthorized)
            let ok = try await client.execute(uri: "/api/v1/status", method: .get, headers: WebFixture.bearer(closed.editorToken, json: false))
            #expect(ok.status == .ok)
            #expect(try json(ok)["member"] as? String == "alpha")
        }
        let open = try await WebFixture.make(anonymousRead: true)
        try await open.test { client async throws in
            let response = try await client.execute(uri: "/api/v1/records", method: .get)
            #expect(response.status == .ok)
        }
    }

    @Test func listingHasTotalsFacetsAndPages() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            let response = try await client.execute(uri: "/api/v1/records?per_page=1&sort=title", method: .get)
            #expect(response.status == .ok)
            let body = try json(response)
            #expect(body["total"] as? Int == 2)
            #expect((body["items"] as? [Any])?.count == 1)
            let facets = try #require(body["facets"] as? [String: [[String: Any]]])
            let themes = try #require(facets["theme"])
            #expect(themes.contains { $0["value"] as? String == "helpline" && $0["count"] as? Int == 1 })
            #expect(facets["type"]?.first?["count"] as? Int == 2)
            let filtered = try json(try await client.execute(uri: "/api/v1/records?theme=helpline", method: .get))
            #expect(filtered["total"] as? Int == 1)
        }
    }

    @Test func searchFindsAFrenchWordWithoutItsAccent() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            let body = try json(try await client.execute(uri: "/api/v1/search?q=reperage", method: .get))
            let items = try #require(body["items"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == [fixture.contested.rawValue])
        }
    }

    @Test func badQueriesAre400WithTheParameterNamed() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            for (uri, parameter) in [
                ("/api/v1/records?per_page=500", "per_page"), ("/api/v1/records?page=0", "page"), ("/api/v1/records?type=dog", "type"),
                ("/api/v1/records?sort=size", "sort"), ("/api/v1/search?q=%22%2A%28%29", "q"), ("/api/v1/search", "q"),
                ("/api/v1/search?q=", "q"), ("/api/v1/search?q=%20%20", "q"),
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badRequest, "\(uri)")
                let errors = try json(response)["errors"] as? [[String: Any]]
                #expect(errors?.first?["field"] as? String == parameter, "\(uri)")
            }
        }
    }

    @Test func recordDetailShowsProvenanceHistoryConflictsAndProposals() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            let response = try await client.execute(uri: "/api/v1/records/\(fixture.contested.rawValue)", method: .get)
            #expect(response.status == .ok)
            let body = try json(response)
            let provenance = try #require(body["provenance"] as? [[String: Any]])
            let title = try #require(provenance.first { $0["field"] as? String == "title.fr" })
            #expect(title["by"] as? String == "alpha")
            #expect(title["arrived_from"] is NSNull)  // made on this node
            let conflicts = try #require(body["conflicts"] as? [[String: Any]])
            #expect(conflicts.first?["field"] as? String == "title.en")
            let values = try #require(conflicts.first?["values"] as? [[String: Any]])
            #expect(Set(values.compactMap { $0["by"] as? String }) == ["alpha", "coord"])
            let proposals = try #require(body["proposals"] as? [[String: Any]])
            #expect(proposals.first?["by"] as? String == "gamma")
            #expect((body["history"] as? [Any])?.count ?? 0 >= 5)
            #expect(try await client.execute(uri: "/api/v1/records/not-a-uuid", method: .get).status == .badRequest)
            let unknown = RecordID.derive(origin: WebFixture.alpha, nonce: "nobody")
            #expect(try await client.execute(uri: "/api/v1/records/\(unknown.rawValue)", method: .get).status == .notFound)
        }
    }

    @Test func createEditAndDeleteWithAnEditorToken() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client async throws in
            let headers = WebFixture.bearer(fixture.editorToken)
            let body = #"{"type":"practice","title":{"fr":"Un atelier","en":"A workshop"},"themes":["training"],"status":"draft"}"#
            let created = try await client.execute(uri: "/api/v1/records", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(created.status == .created)
            let id = try #require(try json(created)["id"] as? String)
            #expect(created.headers[.location] == "/api/v1/records/\(id)")
            let patched = try await client.execute(
                uri: "/api/v1/records/\(id)", method: .patch, headers: headers, body: ByteBuffer(string: #"{"status":"published"}"#))
            #expect(patched.status == .ok)
            #expect((try json(patched)["status"] as? String) == "published")
            let deleted = try await client.execute(uri: "/api/v1/records/\(id)", method: .delete, headers: headers)
            #expect(deleted.status == .noContent)
            let view = try await fixture.catalogue.record(try #require(RecordID(id)))
            #expect(view?.state == .deleted)
        }
    }

    @Test func writesAreRefusedWithoutTokenWrongTypeTooLargeOrInvalid() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        let before = try await fixture.catalogue.vector()
        try await fixture.test { client async throws in
            let body = ByteBuffer(string: #"{"type":"practice","title":{"en":"x"}}"#)
            var json = HTTPFields()
            json[.contentType] = "application/json"
            #expect(try await client.execute(uri: "/api/v1/records", method: .post, headers: json, body: body).status == .unauthorized)
            var text = WebFixture.bearer(fixture.editorToken)
            text[.contentType] = "text/plain"
            #expect(try await client.execute(uri: "/api/v1/records", method: .post, headers: text, body: body).status == .unsupportedMediaType)
            let huge = ByteBuffer(string: #"{"type":"practice","title":{"en":""# + String(repeating: "a", count: 1_100_000) + #""}}"#)
            let tooLarge = try await client.execute(uri: "/api/v1/records", method: .post, headers: WebFixture.bearer(fixture.editorToken), body: huge)
            #expect(tooLarge.status == .contentTooLarge)
            for invalid in [
                #"{"type":"practice","year":"1492"}"#, #"{"type":"practice","countries":["Belgium"]}"#, #"{"type":"dog"}"#,
                #"{"type":"practice","colour":"red"}"#,
            ] {
                let response = try await client.execute(
                    uri: "/api/v1/records", method: .post, headers: WebFixture.bearer(fixture.editorToken), body: ByteBuffer(string: invalid))
                #expect(response.status == .unprocessableContent, "\(invalid)")
            }
            let malformed = try await client.execute(
                uri: "/api/v1/records", method: .post, headers: WebFixture.bearer(fixture.editorToken), body: ByteBuffer(string: "{\"type\":"))
            #expect(malformed.status == .badRequest)
        }
        #expect(try await fixture.catalogue.vector() == before)
    }

    @Test func aSessionCookieAloneCannotWriteThroughTheAPI() async throws {
        let fixture = try await WebFixture.make()
        let before = try await fixture.catalogue.vector()
        try await fixture.test { client async throws in
            var session = BrowserSession()
            _ = try await session.login(client, as: "boss")
            var headers = session.headers
            headers[.contentType] = "application/json"
            let response = try await client.execute(
                uri: "/api/v1/records", method: .post, headers: headers, body: ByteBuffer(string: #"{"type":"practice","title":{"en":"x"}}"#))
            #expect(response.status == .unauthorized)
            #expect((try json(response)["detail"] as? String)?.contains("Bearer") == true)
            let read = try await client.execute(uri: "/api/v1/status", method: .get, headers: session.headers)
            #expect(read.status == .ok)
        }
        #expect(try await fixture.catalogue.vector() == before)
    }

    @Test func theLastTitleCannotBeCleared() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client async throws in
            let id = fixture.plain.rawValue
            let headers = WebFixture.bearer(fixture.editorToken)
            let one = try await client.execute(
                uri: "/api/v1/records/\(id)", method: .patch, headers: headers, body: ByteBuffer(string: #"{"title":{"en":""}}"#))
            #expect(one.status == .ok)  // the French title remains
            let last = try await client.execute(
                uri: "/api/v1/records/\(id)", method: .patch, headers: headers, body: ByteBuffer(string: #"{"title":{"fr":""}}"#))
            #expect(last.status == .unprocessableContent)
            #expect((try json(last)["detail"] as? String)?.contains("title") == true)
        }
    }

    @Test func resolvingAndDecidingNeedTheCoordinatorRole() async throws {
        let fixture = try await WebFixture.make()
        let id = fixture.contested.rawValue
        try await fixture.test { client async throws in
            let resolve = "/api/v1/records/\(id)/conflicts/title.en/resolve"
            let value = ByteBuffer(string: #"{"value":"Training on online exploitation"}"#)
            let refused = try await client.execute(uri: resolve, method: .post, headers: WebFixture.bearer(fixture.editorToken), body: value)
            #expect(refused.status == .forbidden)
            let bad = try await client.execute(
                uri: resolve, method: .post, headers: WebFixture.bearer(fixture.bossToken), body: ByteBuffer(string: #"{"value":1}"#))
            #expect(bad.status == .unprocessableContent)
            let resolved = try await client.execute(uri: resolve, method: .post, headers: WebFixture.bearer(fixture.bossToken), body: value)
            #expect(resolved.status == .ok)
            #expect((try json(resolved)["conflicts"] as? [Any])?.isEmpty == true)
            let again = try await client.execute(uri: resolve, method: .post, headers: WebFixture.bearer(fixture.bossToken), body: value)
            #expect(again.status == .notFound)

            let proposals = try json(
                try await client.execute(uri: "/api/v1/proposals", method: .get, headers: WebFixture.bearer(fixture.bossToken, json: false)))
            let proposal = try #require((proposals["items"] as? [[String: Any]])?.first?["id"] as? String)
            let accept = "/api/v1/records/\(id)/proposals/\(proposal)/accept"
            #expect(try await client.execute(uri: accept, method: .post, headers: WebFixture.bearer(fixture.editorToken)).status == .forbidden)
            let accepted = try await client.execute(uri: accept, method: .post, headers: WebFixture.bearer(fixture.bossToken))
            #expect(accepted.status == .ok)
            let themes = try json(accepted)["themes"] as? [String]
            #expect(themes?.contains("proposed-by-gamma") == true)
            let decline = "/api/v1/records/\(id)/proposals/\(proposal)/decline"
            #expect(try await client.execute(uri: decline, method: .post, headers: WebFixture.bearer(fixture.bossToken)).status == .notFound)
        }
    }

    @Test func peersAndSyncNow() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client async throws in
            let peers = try json(
                try await client.execute(uri: "/api/v1/peers", method: .get, headers: WebFixture.bearer(fixture.editorToken, json: false)))
            #expect((peers["items"] as? [Any]) != nil)
            #expect(try await client.execute(uri: "/api/v1/peers/sync", method: .post, headers: WebFixture.bearer(fixture.editorToken)).status
                == .forbidden)
            #expect(try await client.execute(uri: "/api/v1/peers/sync", method: .post, headers: WebFixture.bearer(fixture.bossToken)).status == .ok)
        }
    }

    @Test func searchInjectionStringsGiveResultsOrAClearMessage() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        let before = try await fixture.catalogue.status()
        try await fixture.test { client async throws in
            for attack in [
                "' OR 1=1 --", "\"", "*", "NEAR(a b)", "title:x", "a AND", "'; DROP TABLE record;--", "(((", "^x", "x\" OR \"y",
                "\u{0}", String(repeating: "é", count: 999),
            ] {
                var allowed = CharacterSet.alphanumerics
                allowed.insert(charactersIn: "-._~")
                let q = attack.addingPercentEncoding(withAllowedCharacters: allowed)!
                for path in ["/api/v1/search?q=\(q)", "/?q=\(q)"] {
                    let response = try await client.execute(uri: path, method: .get)
                    #expect([.ok, .badRequest].contains(response.status), "\(attack) on \(path): \(response.status)")
                }
            }
        }
        let after = try await fixture.catalogue.status()
        #expect(after.digest == before.digest)
    }
}
