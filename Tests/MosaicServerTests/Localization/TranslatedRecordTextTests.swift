import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicCore
import Testing

@testable import MosaicServer

/// What was still English on translated pages: a record's history lines, its dates, error pages, form mistakes and
/// the catalogue's search mistakes, now from the locale files and in the reader's locale.
@Suite struct TranslatedRecordTextTests {
    static func page(_ client: any TestClientProtocol, _ uri: String, status: HTTPResponse.Status = .ok) async throws -> String {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == status, "\(uri)")
        return String(buffer: response.body)
    }

    /// The text of the page's history list.
    static func history(_ html: String) throws -> Substring {
        let start = try #require(html.range(of: "<ol class=\"history\">"))
        let end = try #require(html.range(of: "</ol>", range: start.upperBound..<html.endIndex))
        return html[start.upperBound..<end.lowerBound]
    }

    @Test func aGermanRecordPageHasNoEnglishHistoryWords() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.catalogue.commit([.edit(fixture.plain, [.register(RegisterKey(field: "status"), "published")])])
        try await fixture.test { client async throws in
            let german = try Self.history(try await Self.page(client, "/records/\(fixture.plain.rawValue)?lang=de"))
            #expect(german.contains("hat den Eintrag angelegt (Praxis)"))
            #expect(german.contains("hat Titel (Englisch) auf „Helpline for children“ gesetzt"))
            #expect(german.contains("hat Status auf „Veröffentlicht“ gesetzt"), "a status shows its label")
            #expect(german.contains("hat „Belgien“ zu Länder hinzugefügt"), "a country shows its name")
            for english in ["create", "set ", "add ", "title.en", "published", ": BE"] {
                #expect(!german.contains(english), "English '\(english)' in the German history: \(german)")
            }
            let english = try Self.history(try await Self.page(client, "/records/\(fixture.plain.rawValue)?lang=en"))
            #expect(english.contains("created the record (Practice)") && english.contains("set Title (English) to “Helpline for children”"))
            let russian = try Self.history(try await Self.page(client, "/records/\(fixture.plain.rawValue)?lang=ru"))
            #expect(russian.contains("создал(а) запись") && !russian.contains("create"))
        }
    }

    @Test func theAPIKeepsItsHistoryLines() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            let response = try await client.execute(
                uri: "/api/v1/records/\(fixture.plain.rawValue)?lang=de", method: .get,
                headers: WebFixture.bearer(fixture.bossToken, json: false))
            let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            let changes = try #require(body["history"] as? [[String: Any]]).compactMap { $0["change"] as? String }
            #expect(changes.contains("create practice") && changes.contains("add countries: BE"), "\(changes)")
            #expect(try #require(body["history"] as? [[String: Any]]).allSatisfy { $0["operation"] == nil })
        }
    }

    @Test func projectDatesAreWrittenForTheLocale() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        let made = try await fixture.catalogue.commit([
            .create(
                type: .project, nonce: RecordID.newNonce(),
                assignments: [
                    .register(RegisterKey(field: "title", lang: LanguageTag("en")!), "East meets West"),
                    .register(RegisterKey(field: "start"), "2026-03-01"),
                ], isPrivate: false)
        ])
        let project = try #require(made.created.first)
        try await fixture.test { client async throws in
            let german = try await Self.page(client, "/records/\(project.rawValue)?lang=de")
            #expect(german.contains("1. März 2026"), "the start date in German")
            #expect(!german.contains(">2026-03-01<"))
            let russian = try await Self.page(client, "/records/\(project.rawValue)?lang=ru")
            #expect(russian.contains("1 марта 2026"), "the start date in Russian")
            let english = try await Self.page(client, "/records/\(project.rawValue)?lang=en")
            #expect(english.contains("March 1, 2026"))
        }
    }

    @Test func errorPagesSpeakTheReadersLanguage() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        let missing = "00000000-0000-4000-8000-000000000000"
        try await fixture.test { client async throws in
            let german = try await Self.page(client, "/records/\(missing)?lang=de", status: .notFound)
            #expect(german.contains("<title>Nicht gefunden · Mosaic</title>"))
            #expect(german.contains("Diese Seite oder diesen Eintrag gibt es auf diesem Knoten nicht."))
            #expect(!german.contains("Not Found") && !german.contains("No record"))
            let russian = try await Self.page(client, "/records/\(missing)?lang=ru", status: .notFound)
            #expect(russian.contains("Такой страницы или записи на этом узле нет."))
            let search = try await Self.page(client, "/?q=%22%22&lang=de", status: .badRequest)
            #expect(search.contains("gibt es nichts zu suchen"))
            #expect(!search.contains("nothing to search for"))
            let filter = try await Self.page(client, "/dashboard?type=nonsense&lang=fr", status: .badRequest)
            #expect(filter.contains("La valeur de « type » n’est pas valide"))
            // What the parameter must be is in the reader's language too, and the page keeps its sort menu.
            let page = try await Self.page(client, "/?page=0&lang=ru", status: .badRequest)
            #expect(page.contains("целое число от 1 до"), "\(page.prefix(3000))")
            #expect(!page.contains("a whole number"))
            #expect(page.contains(#"<option value="relevance""#), "the sort menu is not empty")
            let country = try await client.execute(uri: "/api/v1/records?country=germany", method: .get)
            #expect(country.status == .badRequest, "a country name is refused, not answered with nothing")
            let perPage = try await Self.page(client, "/?per_page=x&lang=de", status: .badRequest)
            #expect(perPage.contains("eine ganze Zahl von 1 bis 100"))
        }
    }

    @Test func aFormMistakeIsExplainedInTheReadersLanguage() async throws {
        let fixture = try await WebFixture.make()
        try await fixture.test { client async throws in
            var session = BrowserSession()
            _ = try await session.login(client, as: "editor")
            _ = try await session.get(client, "/records/\(fixture.plain.rawValue)/edit?lang=de")
            let invalid = try await session.post(client, "/records/\(fixture.plain.rawValue)", [("year", "1492")])
            #expect(invalid.status == .unprocessableContent)
            let page = String(buffer: invalid.body)
            #expect(page.contains("„1492“ ist für Jahr nicht gültig: erwartet wird ein Jahr von 1900 bis 2100."), "\(page)")
            #expect(!page.contains("is not valid for"))
        }
    }
}
