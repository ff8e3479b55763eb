import Hummingbird
import MosaicStore

/// `GET /api/v1/network`: the sync map of the federation (``NetworkMap``), for coordinators.
struct NetworkAPIRoute: Sendable {
    let catalogue: NodeCatalogue

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        let catalogue = self.catalogue
        routes.add(.get, "/network", access: .coordinator) { _, _ in
            return JSONResponse(try await NetworkMap.build(directory: catalogue.directory, catalogue: catalogue))
        }
    }
}
