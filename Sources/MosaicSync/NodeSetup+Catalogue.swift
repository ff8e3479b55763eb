import MosaicConfig
import MosaicCore
import MosaicStore

extension NodeSetup {
    /// Opens this node's database as its catalogue, with the configured clock bound.
    /// - Parameter crashHook: called at each ``CrashPoint`` of the write path (fault tests only).
    public func openCatalogue(crashHook: CrashHook = .none) throws -> NodeCatalogue {
        let store = try CatalogueStore(path: config.databasePath, member: config.member, crashHook: crashHook)
        return NodeCatalogue(
            store: store, member: config.member, signingKey: signingKey, directory: directory,
            clockBound: ClockBound(seconds: config.clockSkewSeconds))
    }
}
