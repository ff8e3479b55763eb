import Foundation

/// One member organisation of the network, as its file in `Members/` describes it.
public struct Member: Sendable, Hashable {
    /// The member's id, equal to its file name without `.yaml`.
    public var id: MemberID
    /// The organisation's name, as it writes it.
    public var name: String
    /// Where the organisation is based.
    public var country: CountryCode
    /// Languages the organisation works in, in its order of preference.
    public var languages: [LanguageTag]
    /// Base URL of the member's node; `nil` for a member without a node (bundles only).
    public var endpoint: URL?
    /// The key that signs the member's commits and sync requests.
    public var publicKey: MemberPublicKey
    /// `member` or `coordinator`.
    public var role: MemberRole

    public init(
        id: MemberID, name: String, country: CountryCode, languages: [LanguageTag], endpoint: URL?,
        publicKey: MemberPublicKey, role: MemberRole
    ) {
        self.id = id
        self.name = name
        self.country = country
        self.languages = languages
        self.endpoint = endpoint
        self.publicKey = publicKey
        self.role = role
    }
}
