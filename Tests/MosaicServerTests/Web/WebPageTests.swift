import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicCore
@testable import MosaicServer
import MosaicStore
import Testing

/// The web interface: pages, logins, CSRF, forms that make commits, languages and escaping.
@Suite struct WebPageTests {
    @Test func pagesNeedALoginUnlessAnonymousReadIsOn() async throws {
        let closed = try await WebFixture.make()
        try await closed.test { client async throws in
            for path in ["/", "/records/\(closed.plain.rawValue)", "/conflicts", "/proposals", "/members"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.headers[.location]?.hasPrefix("/login?next=") == true, "\(path)")
            }
            #expect(try await client.execute(uri: "/login", method: .get).status == .ok)
        }
        let open = try await WebFixture.make(anonymousRead: true)
        try await open.test { client async throws in
            for path in ["/", "/records/\(open.plain.rawValue)", "/conflicts", "/proposals", "/members"] {
                #expect(try await client.execute(uri: path, method: .get).status == .ok, "\(path)")
            }
        }
    }

    @Test func everyPageCarriesTheSecurityHeaders() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            for path in ["/", "/login", "/records/\(fixture.plain.rawValue)", "/api/v1/status", "/no-such-page"] {
                let response = try await client.execute(uri: path, method: .get)
                let policy = response.headers[HTTPField.Name("Content-Security-Policy")!] ?? ""
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(path)")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(path)")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(path)")
            }
        }
    }

    @Test func loginSetsAnHttpOnlySameSiteCookieAndLogoutEndsIt() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client async throws in
            var session = BrowserSession()
            let wrong = try await session.login(client, as: "boss", password: "not the password")
            #expect(wrong.status == .unauthorized)
            #expect(String(buffer: wrong.body).contains("Wrong account name or password"))
            let ok = try await session.login(client, as: "boss")
            #expect(ok.status == .seeOther)
            let cookie = try #require(ok.headers[values: .setCookie].first { $0.hasPrefix("mosaic_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))
            let home = try await session.get(client, "/")
            #expect(home.status == .ok)
            #expect(String(buffer: home.body).contains("boss"))
            let out = try await session.post(client, "/logout", [])
            #expect(out.status == .seeOther)
            #expect(try await session.get(client, "/").status == .seeOther)
        }
    }

    @Test func secureCookiesWhenServedOverTLS() async throws {
        let fixture = try await WebFixture.make { $0.auth.secureCookies = true }
        try await fixture.test { client async throws in
            var session = BrowserSession()
            let ok = try await session.login(client, as: "boss")
            #expect(ok.headers[values: .setCookie].contains { $0.hasPrefix("mosaic_session=") && $0.contains("Secure") })
        }
    }

    @Test func failedLoginsAreRateLimited() async throws {
        let fixture = try await WebFixture.make(loginAttempts: 3)
        try await fixture.test { client async throws in
            var session = BrowserSession()
            for _ in 0..<3 { #expect(try await session.login(client, as: "boss", password: "wrong password").status == .unauthorized) }
            let limited = try await session.login(client, as: "boss")
            #expect(limited.status == .tooManyRequests)
            #expect(session.cookies["mosaic_session"] == nil)
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefusedAndChangeNothing() async throws {
        let fixture = try await WebFixture.make()
        let before = try await fixture.catalogue.vector()
        try await fixture.test { client async throws in
            var session = BrowserSession()
            _ = try await session.login(client, as: "boss")
            let forged = try await session.post(
                client, "/conflicts/resolve", [("record", fixture.contested.rawValue), ("field", "title.en"), ("choice", "0")],
                csrf: "c_forged-token-from-another-site")
            #expect(forged.status == .forbidden)
            var stranger = BrowserSession()
            let login = try await stranger.post(client, "/login", [("username", "boss"), ("password", WebFixture.password)], csrf: "")
            #expect(login.status == .forbidden)
        }
        #expect(try await fixture.catalogue.vector() == before)
    }

    @Test func aCoordinatorResolvesAConflictThroughTheForm() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client async throws in
            var session = BrowserSession()
            _ = try await session.login(client, as: "boss")
            let page = String(buffer: try await session.get(client, "/conflicts").body)
            #expect(page.contains("Training, owner&#39;s wording") && page.contains("Training, coordinator&#39;s wording"))
            #expect(page.contains("Organisation alpha") && page.contains("Organisation coord"))
            let resolved = try await session.post(
                client, "/conflicts/resolve",
                [("record", fixture.contested.rawValue), ("field", "title.en"), ("choice", "new"), ("value", "Training, agreed wording")])
            #expect(resolved.status == .seeOther)
            #expect(resolved.headers[.location] == "/conflicts?notice=resolved")
            let after = String(buffer: try await session.get(client, "/conflicts?notice=resolved").body)
            #expect(after.contains("id=\"notice\"") && after.contains("id=\"no-conflicts\""))
        }
        let view = try #require(try await fixture.catalogue.record(fixture.contested))
        #expect(view.value(RegisterKey(field: "title", lang: LanguageTag("en")!)) == "Training, agreed wording")
        #expect(view.conflicts.isEmpty)
    }

    @Test func anEditorCannotResolveButCanEditThroughTheForm() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client async throws in
            var session = BrowserSession()
            _ = try await session.login(client, as: "editor")
            let refused = try await session.post(
                client, "/conflicts/resolve", [("record", fixture.contested.rawValue), ("field", "title.en"), ("choice", "0")])
            #expect(refused.status == .forbidden)
            let form = String(buffer: try await session.get(client, "/records/\(fixture.plain.rawValue)/edit").body)
            #expect(form.contains("name=\"title.fr\"") && form.contains("name=\"themes\""))
            let saved = try await session.post(
                client, "/records/\(fixture.plain.rawValue)", [("title.fr", "Ligne d'écoute"), ("themes", "helpline, children"), ("status", "published")])
            #expect(saved.status == .seeOther)
            let invalid = try await session.post(client, "/records/\(fixture.plain.rawValue)", [("year", "1492")])
            #expect(invalid.status == .unprocessableContent)
            #expect(String(buffer: invalid.body).contains("1900 to 2100"))
            let created = try await session.post(client, "/records", [("type", "project"), ("title.en", "A joint project"), ("status", "idea")])
            #expect(created.status == .seeOther)
            #expect(created.headers[.location]?.hasPrefix("/records/") == true)
        }
        let view = try #require(try await fixture.catalogue.record(fixture.plain))
        #expect(view.values("themes") == ["children", "helpline"])
        #expect(view.value(RegisterKey(field: "status")) == "published")
    }

    @Test func aRecordPageShowsProvenanceHistoryAndTheReadersLanguage() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            let english = String(buffer: try await client.execute(uri: "/records/\(fixture.contested.rawValue)", method: .get).body)
            #expect(english.contains("id=\"provenance\"") && english.contains("id=\"history\""))
            #expect(english.contains("Organisation coord") && english.contains("made on this node"))
            #expect(english.contains("id=\"record-conflicts\"") && english.contains("id=\"record-proposals\""))
            var french = HTTPFields()
            french[.acceptLanguage] = "fr-BE,fr;q=0.9,en;q=0.5"
            let page = try await client.execute(uri: "/records/\(fixture.contested.rawValue)", method: .get, headers: french)
            let html = String(buffer: page.body)
            #expect(html.contains("<html lang=\"fr\">") && html.contains("Provenance") && html.contains("Historique"))
            #expect(html.contains("Formation au repérage de l&#39;exploitation en ligne"))
            let switched = try await client.execute(uri: "/?lang=en", method: .get, headers: french)
            #expect(switched.headers[values: .setCookie].contains { $0.hasPrefix("mosaic_lang=en") })
        }
    }

    @Test func storedMarkupIsEscapedOnEveryPage() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        let payload = "<img src=x onerror=alert(1)>\"'><script>document.title='x'</script>{{frame.csrf}}"
        try await fixture.catalogue.commit([
            .edit(fixture.plain, [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), payload), .add(field: "themes", value: "<b>x</b>")])
        ])
        try await fixture.test { client async throws in
            for path in ["/", "/?q=onerror", "/records/\(fixture.plain.rawValue)", "/conflicts", "/proposals"] {
                let html = String(buffer: try await client.execute(uri: path, method: .get).body)
                #expect(!html.contains("<img src=x") && !html.contains("<script>document") && !html.contains("<b>x</b>"), "\(path)")
            }
            let record = String(buffer: try await client.execute(uri: "/records/\(fixture.plain.rawValue)", method: .get).body)
            #expect(record.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&gt;&lt;script&gt;"))
            // A value that looks like a template is shown as text, never rendered again.
            #expect(record.contains("{{frame.csrf}}"))
        }
    }

    /// A quote followed by a combining mark is one Character in Swift: the Mustache library's own
    /// escaping let it through and it closed the attribute it was printed in.
    @Test func quotesBeforeCombiningMarksAreEscapedToo() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        let payload = "Atelier \"\u{301} autofocus data-x='\u{301}<\u{301}b>"
        try await fixture.catalogue.commit([.edit(fixture.plain, [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), payload)])])
        try await fixture.test { client async throws in
            let reflected = "/?q=" + "atelier \"\u{301} autofocus x=\"".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for path in ["/", reflected, "/records/\(fixture.plain.rawValue)"] {
                let html = String(buffer: try await client.execute(uri: path, method: .get).body)
                for raw in ["\"\u{301}", "'\u{301}", "<\u{301}"] { #expect(!html.contains(raw), "\(path) prints \(raw) unescaped") }
            }
            let page = String(buffer: try await client.execute(uri: reflected, method: .get).body)
            #expect(page.contains("value=\"atelier &quot;\u{301} autofocus x=&quot;\""))
        }
    }

    @Test func theEscapingMatchesCharacterEscapingOnPlainTextAndCoversEveryByte() {
        func reference(_ text: String) -> String {
            text.unicodeScalars.map { scalar -> String in
                switch scalar {
                case "<": "&lt;"
                case ">": "&gt;"
                case "&": "&amp;"
                case "\"": "&quot;"
                case "'": "&#39;"
                default: String(scalar)
                }
            }.joined()
        }
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "é", "e\u{301}", "<", ">", "&", "\"", "'", "\"\u{301}", "<\u{301}", "日本", "👩‍👩‍👧", " ", "{{x}}"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0..<12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(HTMLBytesEscaping.escape(text) == reference(text), "\(text.debugDescription)")
        }
    }

    @Test func badPageRequestsGetClearPagesNot500() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            let bad = try await client.execute(uri: "/?per_page=0", method: .get)
            #expect(bad.status == .badRequest)
            #expect(String(buffer: bad.body).contains("per_page"))
            let unknown = try await client.execute(uri: "/records/\(RecordID.derive(origin: WebFixture.alpha, nonce: "x").rawValue)", method: .get)
            #expect(unknown.status == .notFound)
            #expect(String(buffer: unknown.body).contains("Back to the catalogue"))
            #expect(try await client.execute(uri: "/records/garbage", method: .get).status == .notFound)
        }
    }
}
