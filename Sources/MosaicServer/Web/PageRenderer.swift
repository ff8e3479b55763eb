import Foundation
import Hummingbird
import Mustache
import MosaicStore

/// Renders the web interface's Mustache templates (HTML-escaped by default) inside the layout.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads the templates shipped in the module's resources (`NAME.mustache`, registered as NAME).
    static func load() throws -> PageRenderer {
        let folder = ModuleResources.root.appendingPathComponent("Templates")
        HTMLBytesEscaping.register()
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            guard text.hasPrefix(HTMLBytesEscaping.pragma) else { throw TemplateUnescaped(name: file) }
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        return PageRenderer(library: library)
    }

    /// A page rendered from `template` with `body` as `page.body`.
    func page<Body>(_ template: String, title: String, body: Body, context: NodeRequestContext, status: HTTPResponse.Status = .ok, notice: String? = nil)
        throws -> HTML
    {
        let frame = PageFrame(title: title, context: context, notice: notice)
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

    let t: [String: String]
    let lang: String
    let isEnglish: Bool
    let title: String
    let account: Who?
    let isCoordinator: Bool
    let isEditor: Bool
    let csrf: String
    let notice: String?

    init(title: String, context: NodeRequestContext, notice: String?) {
        t = UIText.words(context.language)
        lang = context.language.rawValue
        isEnglish = context.language == .en
        self.title = title
        account = context.account.map { Who(name: $0.name, role: $0.role.rawValue) }
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
