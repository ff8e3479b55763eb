import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import MosaicServer

/// How the interface language is chosen: `?lang=` (remembered in a cookie), the cookie, then
/// `Accept-Language` with its q-values, then the node's default.
@Suite struct AcceptLanguageTests {
    @Test func rangesAreOrderedByQualityAndUnacceptableOnesDropped() {
        #expect(AcceptLanguage.ranges("fr;q=0.5, de;q=0.9, ru") == ["ru", "de", "fr"])
        #expect(AcceptLanguage.ranges("en;q=0, de-AT;q=0.3, *;q=0.8") == ["de-at"])
        #expect(AcceptLanguage.ranges("de;q=2, fr;q=abc, ru;q=0.1") == ["ru"])
        #expect(AcceptLanguage.ranges("nl, fr") == ["nl", "fr"])
        let long = Array(repeating: "xx;q=0.1", count: 500).joined(separator: ",") + ",de"
        #expect(AcceptLanguage.ranges(long).count == AcceptLanguage.maxRanges)
    }

    @Test func theBestLanguageAFileProvidesIsChosen() throws {
        let translations = try Translations.shipped()
        #expect(translations.preferred(by: "nl-BE, ru;q=0.4, de;q=0.7")?.code == "de")
        #expect(translations.preferred(by: "ru-KZ, kk;q=0.9")?.code == "ru")
        #expect(translations.preferred(by: "fr;q=0, de;q=0.1")?.code == "de")
        #expect(translations.preferred(by: "nl, es") == nil)
        #expect(translations.preferred(by: nil) == nil)
    }

    @Test func aRequestGetsItsLanguageFromTheHeaderTheSwitchAndTheCookie() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true) { $0.ui.defaultLanguage = "fr" }
        try await fixture.test { client async throws in
            func lang(_ uri: String, _ headers: HTTPFields = [:]) async throws -> (String, [String]) {
                let response = try await client.execute(uri: uri, method: .get, headers: headers)
                let html = String(buffer: response.body)
                let code = html.range(of: "<html lang=\"").map { String(html[$0.upperBound...].prefix { $0 != "\"" }) } ?? ""
                return (code, response.headers[values: .setCookie])
            }
            var header = HTTPFields()
            header[.acceptLanguage] = "en;q=0.2, ru;q=0.9, de;q=0.5"
            #expect(try await lang("/", header).0 == "ru")
            header[.acceptLanguage] = "es, it"
            #expect(try await lang("/", header).0 == "fr", "no language of the header: the node's default")
            let (switched, cookies) = try await lang("/members?lang=de", header)
            #expect(switched == "de")
            #expect(cookies.contains { $0.hasPrefix("mosaic_lang=de") })
            header[.cookie] = "mosaic_lang=ru"
            #expect(try await lang("/", header).0 == "ru")
            header[.cookie] = "mosaic_lang=xx"
            header[.acceptLanguage] = "de"
            #expect(try await lang("/?lang=zz", header).0 == "de", "an unknown code is ignored")
        }
    }

    @Test func theSwitchOffersEveryLanguageOfTheFiles() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            let html = String(buffer: try await client.execute(uri: "/?lang=ru", method: .get).body)
            for (code, name) in [("en", "English"), ("de", "Deutsch"), ("fr", "Français"), ("ru", "Русский")] {
                #expect(html.contains("hreflang=\"\(code)\" lang=\"\(code)\""), "\(code)")
                #expect(html.contains(">\(name)</a>"), "\(name)")
            }
            #expect(html.contains("href=\"?lang=ru\" hreflang=\"ru\" lang=\"ru\" aria-current=\"true\""))
        }
    }

    /// Switching language keeps the page's search and filters (an outsider lost them).
    @Test func theSwitchKeepsTheSearchAndFilters() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            let html = String(buffer: try await client.execute(uri: "/?q=rep%C3%A9rage&country=BE&lang=ru", method: .get).body)
            #expect(html.contains("href=\"?q=rep%C3%A9rage&amp;country=BE&amp;lang=de\" hreflang=\"de\""), "\(html.prefix(2000))")
        }
    }
}

/// A node whose `ui.default_language` has no locale file does not start.
@Suite struct DefaultLanguageTests {
    @Test func aDefaultLanguageWithoutAFileIsRefusedAtStart() async throws {
        let fixture = try await WebFixture.make { $0.ui.defaultLanguage = "xx" }
        let error = try #require(throws: Translations.Invalid.self) {
            _ = try NodeServer.router(setup: fixture.setup, catalogue: fixture.catalogue)
        }
        #expect(error.description.contains("xx.json is missing, so ui.default_language cannot be 'xx'; choose one of en, de, fr, ru"))
    }
}
