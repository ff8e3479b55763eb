import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MosaicCore
import Testing

@testable import MosaicServer

/// Pages in German and Russian: the words, the labels of slugs, country names from Foundation's
/// locale data, and dates and numbers in the reader's locale.
@Suite struct TranslatedPageTests {
    /// The fixture with `plain` given a status and a target group.
    static func fixture() async throws -> WebFixture {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.catalogue.commit([
            .edit(
                fixture.plain,
                [
                    .register(RegisterKey(field: "status"), "published"), .add(field: "target_groups", value: "youth-care-workers"),
                    .add(field: "target_groups", value: "street-artists"),
                ])
        ])
        return fixture
    }

    static func page(_ client: any TestClientProtocol, _ uri: String) async throws -> String {
        let response = try await client.execute(uri: uri, method: .get)
        #expect(response.status == .ok, "\(uri)")
        return String(buffer: response.body)
    }

    @Test func theCatalogueInGermanAndRussianShowsLabelsAndCountryNames() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client async throws in
            let german = try await Self.page(client, "/?lang=de")
            #expect(german.contains("<html lang=\"de\">"))
            #expect(german.contains("<h1>Katalog</h1>") && german.contains("Ergebnisse: 2"))
            #expect(german.contains(">Belgien</a>"), "the country facet names the country")
            #expect(german.contains(">Fortbildung</a>"), "the theme facet shows the label of `training`")
            #expect(german.contains(">helpline</a>"), "an unknown slug shows as itself")
            #expect(german.contains(">Veröffentlicht</a>"), "the status facet")
            #expect(german.contains(">Praxis</a>"), "the type facet")
            #expect(german.contains("Seite 1 von 1"))
            #expect(!german.contains(">BE</a>") && !german.contains(">training</a>"))

            let russian = try await Self.page(client, "/?lang=ru")
            #expect(russian.contains("<html lang=\"ru\">"))
            #expect(russian.contains("<h1>Каталог</h1>") && russian.contains("Результаты: 2"))
            #expect(russian.contains(">Бельгия</a>") && russian.contains(">Обучение</a>") && russian.contains(">Опубликовано</a>"))
            #expect(russian.contains("Бельгия · Обучение"), "a result's countries and themes are named too")
        }
    }

    @Test func aRecordPageInGermanAndRussianLabelsItsValues() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client async throws in
            let german = try await Self.page(client, "/records/\(fixture.plain.rawValue)?lang=de")
            for text in ["Zielgruppen", "Fachkräfte der Jugendhilfe", "street-artists", "Veröffentlicht", "Belgien", "Herkunft", "Verlauf"]
            {
                #expect(german.contains(text), "\(text)")
            }
            #expect(german.contains("angezeigt auf Englisch"), "the title is shown in English, named in German")
            let russian = try await Self.page(client, "/records/\(fixture.plain.rawValue)?lang=ru")
            for text in ["Целевые группы", "Специалисты по работе с молодёжью", "Опубликовано", "Бельгия", "Происхождение", "История"] {
                #expect(russian.contains(text), "\(text)")
            }
        }
    }

    @Test func theEditFormOffersStatusesByTheirLabels() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client async throws in
            var session = BrowserSession()
            _ = try await session.login(client, as: "editor")
            let form = String(buffer: try await session.get(client, "/records/\(fixture.plain.rawValue)/edit?lang=ru").body)
            #expect(form.contains("<option value=\"published\" selected>Опубликовано</option>"))
            #expect(form.contains("<option value=\"draft\">Черновик</option>"))
        }
    }

    @Test func datesAndNumbersFollowTheLocale() throws {
        let translations = try Translations.shipped()
        let moment: Int64 = 1_764_396_000_000  // 2025-11-29T06:00:00Z
        let german = try #require(translations.language("de")), russian = try #require(translations.language("ru"))
        let english = try #require(translations.language("en")), french = try #require(translations.language("fr"))
        #expect(german.time(millis: moment) == "29. Nov. 2025, 6:00 UTC")
        #expect(russian.time(millis: moment).contains("нояб"))
        #expect(english.time(millis: moment).hasPrefix("Nov 29, 2025"))
        #expect(french.time(millis: moment).contains("nov."))
        #expect(german.time("2025-11-29T06:00:00.000Z") == german.time(millis: moment))
        #expect(german.time("not a time") == "not a time")
        #expect(german.number(12_345) == "12.345")
        #expect(english.number(12_345) == "12,345")
        #expect(!french.number(12_345).contains(",") && french.number(12_345).hasSuffix("345"))
        #expect(russian.country("KZ") == "Казахстан" && german.country("KG") == "Kirgisistan")
        #expect(german.country("ZZ9") == "ZZ9")
        #expect(french.languageName("de") == "allemand")
    }
    /// The record page's provenance names fields and values as the reader reads them, not as
    /// keys and slugs (`title.fr`, `themes training`); the API keeps the keys.
    @Test func theProvenanceTableShowsFieldNamesAndLabels() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client async throws in
            let german = try await Self.page(client, "/records/\(fixture.contested.rawValue)?lang=de")
            let table = try #require(german.components(separatedBy: "id=\"provenance\"").last?.components(separatedBy: "</table>").first)
            #expect(table.contains("<td>Titel (Französisch)</td>") && table.contains("<td>Themen</td>"), "\(table.prefix(800))")
            #expect(table.contains(">Fortbildung</td>") && table.contains(">Belgien</td>"))
            #expect(!table.contains("title.fr") && !table.contains(">training<") && !table.contains(">BE<"))
        }
    }
    /// The record form shows themes, target groups, countries and languages by name in the
    /// reader's language, and a name typed back stands for its slug or code: a German editor
    /// writing "Fortbildung" and "Belgien" does not make a new theme or a refused country.
    @Test func theRecordFormSpeaksNamesAndStoresSlugs() async throws {
        let fixture = try await Self.fixture()
        try await fixture.test { client async throws in
            var session = BrowserSession()
            _ = try await session.login(client, as: "editor")
            let form = String(buffer: try await session.get(client, "/records/\(fixture.contested.rawValue)/edit?lang=de").body)
            #expect(form.contains("value=\"Fortbildung\""), "themes shown by name")
            #expect(form.contains("value=\"Belgien\""), "countries shown by name")
            #expect(form.contains("Bekannt: ") && form.contains("Fortbildung"), "the hint lists the known themes")
            let saved = try await session.post(
                client, "/records/\(fixture.contested.rawValue)",
                [
                    ("themes", "fortbildung, Straffreiheit für Betroffene, a new theme"), ("countries", "Belgien, de"),
                    ("languages", "Französisch"),
                ])
            #expect(saved.status == .seeOther, "\(String(buffer: saved.body).prefix(600))")
        }
        let view = try #require(try await fixture.catalogue.record(fixture.contested))
        #expect(view.values("themes") == ["a new theme", "non-punishment", "training"])
        #expect(view.values("countries") == ["BE", "DE"])
        #expect(view.values("languages") == ["fr"])
    }
}
