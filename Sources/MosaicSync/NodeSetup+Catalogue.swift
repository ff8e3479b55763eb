import MosaicConfig
import MosaicCore
import MosaicStore

extension NodeSetup {
    /// Opens this node's database as its catalogue, with the configured clock bound, and folds in the
    /// operations of a newer protocol version that this build now understands (after an upgrade).
    /// - Parameter crashHook: called at each ``CrashPoint`` of the write path (fault tests only).
    public func openCatalogue(crashHook: CrashHook = .none) throws -> NodeCatalogue {
        let store = try CatalogueStore(path: config.databasePath, member: config.member, crashHook: crashHook)
        let catalogue = NodeCatalogue(
            store: store, member: config.member, signingKey: signingKey, directory: directory,
            clockBound: ClockBound(seconds: config.clockSkewSeconds))
        try catalogue.applyUnderstoodOperations()
        try catalogue.refreshPendingViews()
        return catalogue
    }
}
