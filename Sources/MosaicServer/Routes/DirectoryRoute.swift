import Hummingbird
import MosaicConfig

/// `GET /`: the node's home page, listing the member directory.
struct DirectoryRoute: Sendable {
    let setup: NodeSetup

    func register(on router: Router<NodeRequestContext>) {
        router.get("/") { _, _ -> HTML in
            HTML(DirectoryPage.render(setup))
        }
    }
}
