import Foundation
import Hummingbird

/// The interface's stylesheet and script, and `/openapi.yaml`, from the module's resources.
struct StaticRoutes: Sendable {
    /// A file served as is.
    struct Asset: Sendable {
        let bytes: [UInt8]
        let contentType: String
    }

    let assets: [String: Asset]

    /// Reads the files once at start.
    static func load() throws -> StaticRoutes {
        let root = ModuleResources.root
        var assets: [String: Asset] = [:]
        for (path, file, type) in [
            ("/static/mosaic.css", "static/mosaic.css", "text/css; charset=utf-8"),
            ("/static/mosaic.js", "static/mosaic.js", "text/javascript; charset=utf-8"),
            ("/openapi.yaml", "openapi.yaml", "application/yaml; charset=utf-8"),
        ] {
            let data = try Data(contentsOf: root.appendingPathComponent(file))
            assets[path] = Asset(bytes: Array(data), contentType: type)
        }
        return StaticRoutes(assets: assets)
    }

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        for (path, asset) in assets.sorted(by: { $0.key < $1.key }) {
            routes.add(.get, path, access: .open) { _, _ -> Response in
                var headers = HTTPFields()
                headers[.contentType] = asset.contentType
                headers[.cacheControl] = "public, max-age=300"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
            }
        }
    }
}
