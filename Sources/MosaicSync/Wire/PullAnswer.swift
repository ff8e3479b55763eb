import MosaicCore
import MosaicStore

/// How a node answers a pull: one implementation for the server's route and the in-memory peers.
public enum PullAnswer {
    /// The page `request` asks for: the commits its vector lacks, at most its limit and about
    /// `maxPageBytes` bytes of commits, with this node's vector.
    public static func page(from catalogue: NodeCatalogue, for request: PullRequest, maxPageBytes: Int) async throws -> PullResponse {
        let page = try await catalogue.commits(after: request.vector, limit: request.limit, maxBytes: maxPageBytes)
        return PullResponse(commits: page.commits, more: page.more, vector: try await catalogue.vector())
    }
}
