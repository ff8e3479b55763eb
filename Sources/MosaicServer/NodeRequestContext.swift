import Hummingbird
import MosaicCore

/// Per-request data of a node: the member a signed sync request comes from, once verified.
public struct NodeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The calling member, set by ``SyncAuthenticator`` for sync routes.
    public var peer: MemberID?
    /// The request body, read (bounded) and verified by ``SyncAuthenticator``.
    public var verifiedBody: [UInt8] = []

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
