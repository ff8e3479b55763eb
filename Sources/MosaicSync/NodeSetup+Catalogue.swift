import MosaicConfig
import MosaicCore
import MosaicStore

extension NodeSetup {
    /// Opens this node's database as its catalogue, with the configured clock bound.
    public func openCatalogue() throws -> NodeCatalogue {
        let store = try CatalogueStore(path: config.databasePath, member: config.member)
        return NodeCatalogue(
            store: store, member: config.member, signingKey: signingKey, directory: directory,
            clockBound: ClockBound(seconds: config.clockSkewSeconds))
    }
}
