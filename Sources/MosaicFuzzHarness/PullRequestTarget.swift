import MosaicCore
import MosaicStore
import MosaicSync

/// `POST /sync/v1/pull` bodies: a malformed one is refused; a valid one is answered from the
/// store with at most `limit` commits the caller lacks, in a response that reads back the same,
/// and serving it changes nothing.
enum PullRequestTarget {
    static func run(_ bytes: [UInt8], in fixture: FuzzFixture) async throws -> FuzzVerdict {
        try await fixture.reading { try await serve(bytes, in: fixture) }
    }

    private static func serve(_ bytes: [UInt8], in fixture: FuzzFixture) async throws -> FuzzVerdict {
        let before = fixture.baselineSnapshot
        guard let request = PullRequest(bytes: bytes) else { return .rejected("not a pull request") }
        try require((1...10_000).contains(request.limit), "accepted a limit of \(request.limit)")
        try require(PullRequest(bytes: request.bytes) == request, "a parsed request does not read back from its own bytes")
        // Served as the sync route serves it (the optional origin filter included).
        let page = try await PullAnswer.page(from: fixture.catalogue, for: request, maxPageBytes: 4 << 20)
        let (commits, more) = (page.commits, page.more)
        try require(commits.count <= request.limit, "answered \(commits.count) commits for a limit of \(request.limit)")
        var lacked = 0
        for (origin, seq) in before.vector.entries where request.origins?.contains(origin) ?? true {
            lacked += Int(max(0, seq - request.vector[origin]))
        }
        try require(
            more ? commits.count < lacked : commits.count == lacked,
            "answered \(commits.count) commits (more: \(more)) where the caller lacks \(lacked)")
        for signed in commits {
            let commit = try signed.verified(by: fixture.directory)
            try require(commit.seq > request.vector[commit.origin], "sent \(commit.origin)#\(commit.seq), which the caller holds")
            try require(request.origins?.contains(commit.origin) ?? true, "sent \(commit.origin)#\(commit.seq), an origin not asked for")
        }
        let response = PullResponse(commits: commits, more: more, vector: before.vector)
        let reread = PullResponse(bytes: response.bytes)
        try require(
            reread?.commits == commits && reread?.more == more && reread?.vector == before.vector, "a response does not read back")
        return .applied
    }
}
