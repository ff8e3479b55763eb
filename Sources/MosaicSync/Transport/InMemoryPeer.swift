import Foundation
import MosaicCore
import MosaicStore

/// Honest in-memory peers for ``InMemoryPeerTransport``: the answers a node's sync endpoints give,
/// without HTTP or signature checks.
public enum InMemoryPeer {
    /// Answers `GET …/sync/v1/vector` and `POST …/sync/v1/pull` from `catalogue`, pages capped at
    /// `pageBytes` of commits as the server caps them; anything else gets 404.
    public static func serving(_ catalogue: NodeCatalogue, pageBytes: Int = 4 << 20) -> InMemoryPeerTransport.Server {
        { request in
            let json = [(name: "Content-Type", value: "application/json")] + PeerVersion.this(catalogue.knownOperations).headers
            do {
                if let refusal = PeerVersion(field: request.header).refusal(by: catalogue.knownOperations) {
                    return PeerAnswer(status: 400, headers: json, body: Array(refusal.utf8))
                }
                if request.url.path.hasSuffix("/sync/v1/vector") {
                    // As the server's route: the shared vector (no revoked member's commits past its point) and both digests.
                    let answer = VectorResponse(
                        member: catalogue.member, vector: try await catalogue.sharedVector(), digest: try await catalogue.digest(),
                        directoryDigest: catalogue.directory.digest)
                    return PeerAnswer(status: 200, headers: json, body: answer.bytes)
                }
                guard request.url.path.hasSuffix("/sync/v1/pull") else { return PeerAnswer(status: 404, headers: [], body: []) }
                guard let pull = PullRequest(bytes: request.body) else {
                    return PeerAnswer(status: 400, headers: json, body: Array(#"{"error":"bad-body"}"#.utf8))
                }
                let answer = try await PullAnswer.page(from: catalogue, for: pull, maxPageBytes: pageBytes)
                return PeerAnswer(status: 200, headers: json, body: answer.bytes)
            } catch {
                return PeerAnswer(status: 500, headers: json, body: Array(#"{"error":"internal"}"#.utf8))
            }
        }
    }
}
