import MosaicCore
import MosaicStore

/// How a node answers a pull: one implementation for the server's route and the in-memory peers.
public enum PullAnswer {
    /// The page `request` asks for: the commits its vector lacks (of its origins only, when it
    /// names some), at most its limit and about `maxPageBytes` bytes of commits, with this node's vector.
    public static func page(from catalogue: NodeCatalogue, for request: PullRequest, maxPageBytes: Int) async throws -> PullResponse {
        var asked = request.vector
        if let origins = request.origins {
            // Origins not asked for are treated as held up to this node's own sequence: nothing of them is sent.
            for (origin, seq) in try await catalogue.vector().entries where !origins.contains(origin) {
                asked[origin] = max(asked[origin], seq)
            }
        }
        let page = try await catalogue.commits(after: asked, limit: request.limit, maxBytes: maxPageBytes)
        return PullResponse(commits: page.commits, more: page.more, vector: try await catalogue.sharedVector())
    }
}
