import Foundation
import Hummingbird
import MosaicStore
import Mustache

/// Renders the web interface's Mustache templates (HTML-escaped by default) inside the layout.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// The languages the switch offers.
    let translations: Translations

    /// Loads the templates shipped in the module's resources (`NAME.mustache`, registered as NAME).
    static func load(translations: Translations) throws -> PageRenderer {
        let folder = ModuleResources.root.appendingPathComponent("Templates")
        HTMLBytesEscaping.register()
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            guard text.hasPrefix(HTMLBytesEscaping.pragma) else { throw TemplateUnescaped(name: file) }
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        return PageRenderer(library: library, translations: translations)
    }

    /// A page rendered from `template` with `body` as `page.body`.
    func page<Body>(
        _ template: String, title: String, body: Body, context: NodeRequestContext, status: HTTPResponse.Status = .ok, notice: String? = nil
    )
        throws -> HTML
    {
        let frame = PageFrame(title: title, context: context, notice: notice, languages: translations.languages)
        let context = TemplateContext.flatten(Page(frame: frame, body: body, t: frame.t))
        guard let text = library.render(context, withTemplate: template) else {
            throw TemplateMissing(name: template)
        }
        return HTML(text, status: status)
    }

    /// A template that does not start by choosing ``HTMLBytesEscaping``.
    struct TemplateUnescaped: Error, CustomStringConvertible {
        let name: String
        var description: String { "template '\(name)' must start with \(HTMLBytesEscaping.pragma)" }
    }

    /// A template that is not in the resources.
    struct TemplateMissing: Error, CustomStringConvertible {
        let name: String
        var description: String { "template '\(name)' is missing from the module's resources" }
    }
}

/// What every page shows around its body: words, language switch, account, CSRF token.
struct PageFrame: Sendable {
    /// An account as the header shows it.
    struct Who: Sendable {
        let name: String
        let role: String
    }

    /// One language of the switch.
    struct LanguageLink: Sendable {
        /// `?q=…&lang=de`: this page, its search and filters kept, in that language.
        let href: String
        let code: String
        let name: String
        let isCurrent: Bool
        let isFirst: Bool
    }

    let t: [String: String]
    let lang: String
    let languages: [LanguageLink]
    let title: String
    let account: Who?
    let isCoordinator: Bool
    let isEditor: Bool
    let csrf: String
    let notice: String?

    init(title: String, context: NodeRequestContext, notice: String?, languages: [UILanguage]) {
        t = context.language.words
        lang = context.language.code
        self.languages = languages.enumerated().map {
            LanguageLink(
                href: "?" + WebContext.query(context.queryWithoutLanguage + [("lang", $0.element.code)]), code: $0.element.code,
                name: $0.element.name, isCurrent: $0.element == context.language, isFirst: $0.offset == 0)
        }
        self.title = title
        account = context.account.map { Who(name: $0.name, role: context.language.word("role.\($0.role.rawValue)")) }
        isCoordinator = context.holds(.coordinator)
        isEditor = context.holds(.editor)
        csrf = context.csrfToken
        self.notice = notice
    }
}

/// A rendered page's context: the frame, the body and the words (`t.KEY`).
struct Page<Body>: @unchecked Sendable {
    let frame: PageFrame
    let body: Body
    let t: [String: String]
}
