import Hummingbird
import MosaicCore
import MosaicStore
import NIOCore

/// Per-request data of a node: the member a signed sync request comes from, or the local
/// account behind a session cookie or API token, and the reader's language.
public struct NodeRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The calling member, set by ``SyncAuthenticator`` for sync routes.
    public var peer: MemberID?
    /// The request body, read (bounded) and verified by ``SyncAuthenticator``.
    public var verifiedBody: [UInt8] = []
    /// The logged-in account (session cookie) or the token's account, set by ``AccountAuthenticator``.
    public var account: Account?
    /// Whether the account came from an API token (no CSRF check) rather than a session.
    public var viaToken = false
    /// Why the request's `Authorization` header was refused (malformed, unknown or revoked token),
    /// set by ``AccountAuthenticator`` and thrown by the route's access guard, inside the error
    /// pages and problem middleware, so that every surface answers it as a 401 of its own kind.
    var credentialError: AccessDenied?
    /// The session's secret, when logged in through the web interface.
    public var sessionSecret: String?
    /// The value every form of this reader must echo (double-submit cookie).
    public var csrfToken = ""
    /// Whether ``csrfToken`` is new and must be set as a cookie.
    public var csrfIsNew = false
    /// The interface language chosen for this request.
    public var language: UILanguage = .unset
    /// Whether the language was chosen by `?lang=` and must be remembered in a cookie.
    public var languageChosen = false
    /// The request's query without `lang`, so that the language switch keeps the page's search
    /// and filters (at most 50 parameters).
    var queryWithoutLanguage: [(String, String)] = []

    /// The client's socket address.
    public let remoteAddress: SocketAddress?
    /// The client as `trusted_proxies` allow to see it (``ForwardedHeaders``): its address and
    /// whether it came over HTTPS; the socket's address until that middleware ran.
    public var client: ForwardedClient

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        client = ForwardedClient(socketAddress: remoteAddress?.ipAddress, forwardedFor: [], forwardedProto: [], trusted: [], overTLS: false)
    }
}
