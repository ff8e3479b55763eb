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
            #expect(Self.textarea("themes", in: form).contains("Fortbildung"), "themes shown by name")
            #expect(Self.textarea("countries", in: form) == "Belgien", "countries shown by name")
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

    /// What the form's text area for set field `field` holds, unescaped.
    static func textarea(_ field: String, in form: String) -> String {
        guard let start = form.range(of: "<textarea id=\"f-\(field)\""),
            let open = form[start.upperBound...].firstIndex(of: ">"),
            let end = form[open...].range(of: "</textarea>")
        else { return "" }
        return String(form[form.index(after: open)..<end.lowerBound]).replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// A set shown by names is saved back unchanged: a Russian target group whose name holds a comma
    /// (`policy-makers`: «Лица, принимающие решения») stays one value, and partners shown by their
    /// organisations' names are stored as member ids (both were broken by splitting on commas).
    @Test func aSetShownByNamesIsSavedBackUnchanged() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.catalogue.commit([
            .edit(
                fixture.plain,
                [.add(field: "target_groups", value: "policy-makers"), .add(field: "target_groups", value: "social-workers")])
        ])
        let project = try #require(
            try await fixture.catalogue.commit([
                .create(
                    type: .project, nonce: "form-partners",
                    assignments: [
                        .register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Shelter network"),
                        .add(field: "partners", value: WebFixture.gamma.rawValue),
                    ], isPrivate: false)
            ]).created.first)
        try await fixture.test { client async throws in
            var session = BrowserSession()
            _ = try await session.login(client, as: "editor")
            let practiceForm = String(buffer: try await session.get(client, "/records/\(fixture.plain.rawValue)/edit?lang=ru").body)
            let groups = Self.textarea("target_groups", in: practiceForm)
            #expect(groups.contains("Лица, принимающие решения"), "\(groups)")
            let savedPractice = try await session.post(client, "/records/\(fixture.plain.rawValue)", [("target_groups", groups)])
            #expect(savedPractice.status == .seeOther, "\(String(buffer: savedPractice.body).prefix(600))")
            let projectForm = String(buffer: try await session.get(client, "/records/\(project.rawValue)/edit?lang=de").body)
            let partners = Self.textarea("partners", in: projectForm)
            #expect(partners == "Organisation gamma")
            let savedProject = try await session.post(client, "/records/\(project.rawValue)", [("partners", partners)])
            #expect(savedProject.status == .seeOther, "\(String(buffer: savedProject.body).prefix(600))")
        }
        #expect(try await fixture.catalogue.record(fixture.plain)?.values("target_groups") == ["policy-makers", "social-workers"])
        #expect(try await fixture.catalogue.record(project)?.values("partners") == [WebFixture.gamma.rawValue])
    }

    /// No raw slug or field key where a reader looks: visibility by its label, a conflict's field and
    /// a form's text fields by their names.
    @Test func visibilityConflictFieldsAndFormLabelsAreWords() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        try await fixture.test { client async throws in
            var session = BrowserSession()
            _ = try await session.login(client, as: "editor")
            let record = String(buffer: try await session.get(client, "/records/\(fixture.plain.rawValue)?lang=de").body)
            #expect(record.contains("mit dem Netzwerk geteilt"))
            let conflicts = String(buffer: try await session.get(client, "/conflicts?lang=de").body)
            #expect(conflicts.contains("· Titel ("), "\(conflicts.prefix(2000))")
            #expect(!conflicts.contains("<code>title."))
            let form = String(buffer: try await session.get(client, "/records/\(fixture.plain.rawValue)/edit?lang=de").body)
            #expect(form.contains("Titel (Französisch)"))
        }
    }
}
