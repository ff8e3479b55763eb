import Hummingbird
import MosaicStore

/// `GET /network`: the sync map of the federation for coordinators, every member node with how far
/// behind this node it is per origin, its last pull and its version; nodes behind are highlighted.
struct NetworkPage: Sendable {
    /// One member node, in the reader's words.
    struct NodeRow: Sendable {
        let name: String
        let id: String
        /// `pulled from this node`, `reported by …` or `never seen pulling`.
        let seen: String
        let lastPull: String
        let version: String
        /// `behind by 3`, `up to date` or `unknown`, in the reader's language.
        let state: String
        let behind: Bool
        /// The origins it lacks commits of.
        let missing: [Missing]
    }

    /// Commits of one origin a node lacks.
    struct Missing: Sendable {
        let origin: String
        let count: String
    }

    /// The page's body.
    struct Body: Sendable {
        let nodes: [NodeRow]
    }

    let web: WebContext

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        let web = self.web
        routes.add(.get, "/network", access: .coordinator) { _, context -> HTML in
            try await Self.render(web, context)
        }
    }

    private static func render(_ web: WebContext, _ context: NodeRequestContext) async throws -> HTML {
        let language = context.language, word = language.word
        let map = try await NetworkMap.build(directory: web.catalogue.directory, catalogue: web.catalogue)
        let rows = map.nodes.map { node in
            let seen =
                switch node.seen {
                case .direct: word("networkDirect")
                case .reported: language.format("networkReportedBy", ["member": web.name(node.reportedBy ?? "?")])
                case .never: word("networkNeverSeen")
                }
            let state =
                switch node.lag {
                case nil: word("networkUnknown")
                case 0: word("networkUpToDate")
                case let lag?: language.format("networkBehindBy", ["count": language.number(lag)])
                }
            let version =
                node.softwareVersion == nil && node.protocolVersion == nil
                ? word("networkUnknown")
                : language.format("peerVersion", ["software": node.softwareVersion ?? "?", "protocol": node.protocolVersion ?? "?"])
            return NodeRow(
                name: node.name, id: node.member, seen: seen, lastPull: node.lastPull.map(language.time) ?? word("never"),
                version: version, state: state, behind: node.behind,
                missing: node.lagByOrigin.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map {
                    Missing(origin: $0.key, count: language.number($0.value))
                })
        }
        return try web.renderer.page("network", title: word("network"), body: Body(nodes: rows), context: context)
    }
}
