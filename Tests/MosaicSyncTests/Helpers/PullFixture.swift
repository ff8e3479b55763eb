import Foundation
import MosaicConfig
import MosaicCore
import MosaicStore
import MosaicSync

/// Catalogues on in-memory databases for pulls over ``InMemoryPeerTransport``: an `origin` whose
/// commits peers hold, peers `p1`…`p6` serving them, and the `puller`.
enum PullFixture {
    static let origin = MemberID("origin")!, puller = MemberID("puller")!
    static let peers = (1...6).map { MemberID("p\($0)")! }
    static let directory = LiveNode.directory([origin, puller] + peers, coordinators: [])

    /// An empty catalogue of `member`.
    static func catalogue(_ member: MemberID) throws -> NodeCatalogue {
        NodeCatalogue(
            store: try CatalogueStore.inMemory(member: member), member: member, signingKey: DemoKeys.signingKey(for: member),
            directory: directory)
    }

    /// A catalogue of `origin` holding `count` commits (one record each).
    static func origin(commits count: Int) async throws -> NodeCatalogue {
        try await authored(by: origin, commits: count)
    }

    /// A catalogue of `member` holding `count` commits of its own (one record each).
    static func authored(by member: MemberID, commits count: Int) async throws -> NodeCatalogue {
        let catalogue = try catalogue(member)
        for index in 0..<count {
            _ = try await catalogue.commit([
                .create(
                    type: .practice, nonce: "fixture-nonce-\(index)",
                    assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), "Practice \(index)")], isPrivate: false)
            ])
        }
        return catalogue
    }

    /// The endpoint the in-memory peer `peer` answers on.
    static func endpoint(_ peer: MemberID) -> URL { URL(string: "http://\(peer.rawValue).test/mosaic/")! }

    /// A client of `peer` for `puller`'s catalogue over `transport`.
    static func client(
        of peer: MemberID, for catalogue: NodeCatalogue, transport: any PeerTransport, timeout: Duration = .seconds(30),
        pageBytes: Int = SyncSettings().pageBytes
    ) -> PeerClient {
        PeerClient(
            peer: peer, endpoint: endpoint(peer), member: catalogue.member, key: DemoKeys.signingKey(for: catalogue.member),
            transport: transport, timeout: timeout, pageBytes: pageBytes, now: { catalogue.nowMillis })
    }
}
