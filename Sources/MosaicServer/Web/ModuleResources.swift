import Foundation

/// The files copied from `Sources/MosaicServer/Resources` into the module's bundle.
enum ModuleResources {
    /// The folder holding `Templates/`, `static/` and `openapi.yaml`.
    static var root: URL { Bundle.module.bundleURL.appendingPathComponent("Resources") }
}
