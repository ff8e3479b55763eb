import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicCore
import MosaicServer
import MosaicStore
import Testing

/// Translations kept fresh, through the web: the "may be out of date" marker on the record page and
/// in the API, the confirmation (page form and API) as a signed commit another node pulls, and the
/// catalogue filter "needs translation into X".
@Suite struct TranslationFreshnessRouteTests {
    static let titleFR = RegisterKey(field: "title", lang: LanguageTag("fr")!)
    static let titleEN = RegisterKey(field: "title", lang: LanguageTag("en")!)

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    func translation(_ body: [String: Any], _ lang: String) throws -> [String: Any] {
        let items = try #require(body["translations"] as? [[String: Any]])
        return try #require(items.first { $0["field"] as? String == "title" && $0["lang"] as? String == lang })
    }

    /// The fixture with the French title of its plain practice rewritten by its owner: English is stale.
    func rewritten() async throws -> WebFixture {
        let fixture = try await WebFixture.make()
        try await fixture.catalogue.commit([.edit(fixture.plain, [.register(Self.titleFR, "Ligne d'écoute pour enfants et jeunes")])])
        return fixture
    }

    /// A second node that pulls every commit of the fixture's node.
    func pulled(from fixture: WebFixture) async throws -> NodeCatalogue {
        let other = try WebFixture.node(WebFixture.coord)
        _ = try await other.apply(try await fixture.catalogue.commits(after: VersionVector(), limit: 1000).commits, relay: WebFixture.alpha)
        return other
    }

    @Test func theAPIConfirmsWithASignedCommitThatASecondNodeShowsFreshToo() async throws {
        // setup
        let fixture = try await rewritten()
        let before = try await fixture.catalogue.vector()
        let uri = "/api/v1/records/\(fixture.plain.rawValue)"
        try await fixture.test { client async throws in
            let read = try json(
                try await client.execute(uri: uri, method: .get, headers: WebFixture.bearer(fixture.editorToken, json: false)))
            let stale = try #require(try translation(read, "en")["stale"] as? [String: Any])
            #expect(stale["changed_lang"] as? String == "fr")
            #expect(stale["by"] as? String == "alpha")
            #expect(try translation(read, "fr")["stale"] is NSNull)
            #expect(try translation(read, "fr")["by"] as? String == "alpha")

            // MUT
            let confirmed = try await client.execute(
                uri: uri + "/confirm", method: .post, headers: WebFixture.bearer(fixture.editorToken),
                body: ByteBuffer(string: #"{"field":"title","lang":"en"}"#))

            // validate
            #expect(confirmed.status == .ok)
            #expect(try translation(try json(confirmed), "en")["stale"] is NSNull)
        }
        let after = try await fixture.catalogue.vector()
        #expect(after.entries[WebFixture.alpha] == (before.entries[WebFixture.alpha] ?? 0) + 1)
        let last = try #require(try await fixture.catalogue.commits(after: before, limit: 10).commits.first)
        let commit = try CommitDecoder.decode(last.bytes)
        #expect(commit.operations.count == 1)
        guard case .set(_, "title", LanguageTag("en"), "Helpline for children", let replaces) = commit.operations[0] else {
            Issue.record("not a confirmation: \(commit.operations)")
            return
        }
        #expect(replaces.count == 1)
        let other = try await pulled(from: fixture)
        #expect(try await other.record(fixture.plain)?.stale.isEmpty == true)
        #expect(try await other.status().digest == (try await fixture.catalogue.status().digest))
    }

    @Test func theAPIRefusesWhatCannotBeConfirmedAndChangesNothing() async throws {
        let fixture = try await rewritten()
        let before = try await fixture.catalogue.vector()
        try await fixture.test { client async throws in
            let uri = "/api/v1/records/\(fixture.plain.rawValue)/confirm"
            for (body, status) in [
                (#"{"field":"title","lang":"fr"}"#, HTTPResponse.Status.unprocessableContent),  // fresh: nothing to confirm
                (#"{"field":"title","lang":"de"}"#, .unprocessableContent),  // no German text
                (#"{"field":"status","lang":"en"}"#, .unprocessableContent),  // not a text field
                (#"{"field":"title"}"#, .unprocessableContent), (#"{"field":"title","lang":"EN!"}"#, .unprocessableContent),
            ] {
                let response = try await client.execute(
                    uri: uri, method: .post, headers: WebFixture.bearer(fixture.editorToken), body: ByteBuffer(string: body))
                #expect(response.status == status, "\(body)")
                #expect(response.headers[.contentType] == "application/problem+json", "\(body)")
            }
            var anonymous = HTTPFields()
            anonymous[.contentType] = "application/json"
            let refused = try await client.execute(
                uri: uri, method: .post, headers: anonymous, body: ByteBuffer(string: #"{"field":"title","lang":"en"}"#))
            #expect(refused.status == .unauthorized)
            let unknown = RecordID.derive(origin: WebFixture.alpha, nonce: "nobody-here")
            let missing = try await client.execute(
                uri: "/api/v1/records/\(unknown.rawValue)/confirm", method: .post, headers: WebFixture.bearer(fixture.editorToken),
                body: ByteBuffer(string: #"{"field":"title","lang":"en"}"#))
            #expect(missing.status == .notFound)
        }
        #expect(try await fixture.catalogue.vector() == before)
    }

    @Test func theRecordPageShowsAuthorsTheMarkerAndAConfirmButtonThatWorks() async throws {
        let fixture = try await rewritten()
        let page = "/records/\(fixture.plain.rawValue)"
        try await fixture.test { client async throws in
            var browser = BrowserSession()
            _ = try await browser.login(client, as: "editor")
            let shown = String(buffer: try await browser.get(client, page).body)
            #expect(shown.contains(#"id="translations""#))
            #expect(shown.contains("May be out of date: the French text was changed on"))
            #expect(shown.contains("Organisation alpha"))
            #expect(shown.contains("Confirm still right"))
            #expect(shown.contains(#"action="/records/\#(fixture.plain.rawValue)/confirm""#))

            // Without the form's CSRF token: refused, nothing changed.
            let forged = try await browser.post(client, page + "/confirm", [("field", "title"), ("lang", "en")], csrf: "c_forged")
            #expect(forged.status == .forbidden)
            #expect(try await fixture.catalogue.record(fixture.plain)?.stale[Self.titleEN] != nil)

            // MUT
            let confirmed = try await browser.post(client, page + "/confirm", [("field", "title"), ("lang", "en")])

            // validate
            #expect(confirmed.status == .seeOther || confirmed.status == .found)
            #expect(confirmed.headers[.location]?.hasPrefix(page + "?notice=confirmed") == true)
            #expect(try await fixture.catalogue.record(fixture.plain)?.stale.isEmpty == true)
            let after = String(buffer: try await browser.get(client, page + "?notice=confirmed").body)
            #expect(after.contains("Confirmed as still right."))
            #expect(after.contains("confirmed Title (English) as still right"), "the history says what happened")
            #expect(!after.contains("May be out of date"))

            // Confirming again: the page says why, in words, with 422.
            let again = try await browser.post(client, page + "/confirm", [("field", "title"), ("lang", "en")])
            #expect(again.status == .unprocessableContent)
            #expect(String(buffer: again.body).contains("not marked as out of date"))
        }
        let other = try await pulled(from: fixture)
        #expect(try await other.record(fixture.plain)?.stale.isEmpty == true)
    }

    /// Another member's record: the marker shows, but no button this node's member could not use.
    @Test func noConfirmButtonWhereThisNodeMayNotWrite() async throws {
        let fixture = try await WebFixture.make()
        let gamma = try WebFixture.node(WebFixture.gamma)
        // gamma's node first holds everything, its own earlier commits included, so its next one follows them.
        let held = try await fixture.catalogue.commits(after: VersionVector(), limit: 1000).commits
        _ = try await gamma.apply(held, relay: WebFixture.alpha)
        let before = try await gamma.vector()
        let record = try #require(
            try await gamma.commit([
                .create(
                    type: .practice, nonce: "gamma-stale",
                    assignments: [.register(Self.titleFR, "Écoute"), .register(Self.titleEN, "Listening")], isPrivate: false)
            ]).created.first)
        try await gamma.commit([.edit(record, [.register(Self.titleFR, "Écoute des enfants")])])
        _ = try await fixture.catalogue.apply(try await gamma.commits(after: before, limit: 100).commits, relay: WebFixture.gamma)
        try await fixture.test { client async throws in
            var browser = BrowserSession()
            _ = try await browser.login(client, as: "editor")
            let shown = String(buffer: try await browser.get(client, "/records/\(record.rawValue)").body)
            #expect(shown.contains("May be out of date"))
            #expect(!shown.contains("Confirm still right"))
        }
    }

    @Test func aStaleLanguageInConflictIsResolvedNotConfirmed() async throws {
        // The contested practice's English title is a conflict; its French is then rewritten.
        let fixture = try await WebFixture.make()
        try await fixture.catalogue.commit([.edit(fixture.contested, [.register(Self.titleFR, "Formation, nouvelle version")])])
        #expect(try await fixture.catalogue.record(fixture.contested)?.stale[Self.titleEN] != nil)
        try await fixture.test { client async throws in
            var browser = BrowserSession()
            _ = try await browser.login(client, as: "boss")
            let html = String(buffer: try await browser.get(client, "/records/\(fixture.contested.rawValue)").body)
            #expect(html.contains("May be out of date: the French text was changed on"))
            #expect(!html.contains(#"class="confirm""#))
            let refused = try await browser.post(
                client, "/records/\(fixture.contested.rawValue)/confirm", [("field", "title"), ("lang", "en")])
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("competing values; resolve the conflict instead"))
        }
    }

    @Test func aReaderSeesTheMarkerInItsLanguageButNoButton() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.catalogue.commit([.edit(fixture.plain, [.register(Self.titleFR, "Ligne d'écoute pour enfants et jeunes")])])
        try await fixture.test { client async throws in
            let response = try await client.execute(uri: "/records/\(fixture.plain.rawValue)?lang=de", method: .get)
            let html = String(buffer: response.body)
            #expect(html.contains("Möglicherweise veraltet: Der Text auf Französisch wurde am"))
            #expect(!html.contains(#"class="confirm""#))
        }
    }

    @Test func theCatalogueFiltersRecordsThatNeedATranslation() async throws {
        // setup: the contested practice's English title was rewritten (French stale); the plain one's French (English stale).
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.catalogue.commit([.edit(fixture.plain, [.register(Self.titleFR, "Ligne d'écoute pour enfants et jeunes")])])
        try await fixture.test { client async throws in
            func ids(_ lang: String) async throws -> Set<String> {
                let body = try json(try await client.execute(uri: "/api/v1/records?needs_translation=\(lang)", method: .get))
                let items = try #require(body["items"] as? [[String: Any]])
                #expect(body["total"] as? Int == items.count)
                return Set(items.compactMap { $0["id"] as? String })
            }
            #expect(try await ids("en") == [fixture.plain.rawValue])
            #expect(try await ids("fr") == [fixture.contested.rawValue])
            #expect(try await ids("de") == [fixture.plain.rawValue, fixture.contested.rawValue])  // no German at all
            let search = try json(try await client.execute(uri: "/api/v1/search?q=helpline&needs_translation=fr", method: .get))
            #expect(search["total"] as? Int == 0)

            let bad = try await client.execute(uri: "/api/v1/records?needs_translation=English", method: .get)
            #expect(bad.status == .badRequest)
            #expect((try json(bad)["errors"] as? [[String: Any]])?.first?["field"] as? String == "needs_translation")

            let page = String(buffer: try await client.execute(uri: "/?needs_translation=en&lang=fr", method: .get).body)
            #expect(page.contains("Traduction manquante ou dépassée"))
            #expect(page.contains("/records/\(fixture.plain.rawValue)"))
            #expect(!page.contains("/records/\(fixture.contested.rawValue)"))
            #expect(page.contains(#"aria-current="true" class="selected">anglais"#))

            // The dashboard counts the same records, and names the filter.
            let dashboard = String(buffer: try await client.execute(uri: "/dashboard?needs_translation=en&lang=en", method: .get).body)
            #expect(dashboard.contains("Needs translation into: English"))
            #expect(dashboard.contains("1 records: 1 practices, 0 projects."))
        }
        // Confirming English takes the plain practice out of the filter.
        try await fixture.catalogue.confirm(fixture.plain, Self.titleEN)
        try await fixture.test { client async throws in
            let body = try json(try await client.execute(uri: "/api/v1/records?needs_translation=en", method: .get))
            #expect(body["total"] as? Int == 0)
        }
    }
}
