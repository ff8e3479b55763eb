import MosaicCore
import MosaicStore
import MosaicSync

/// A peer's pull response: refused whole with the store unchanged, or applied whole: every
/// commit of a known origin is then held, and the commit log grew by exactly what was applied.
enum PullResponseTarget {
    static func run(_ bytes: [UInt8], in fixture: FuzzFixture) async throws -> FuzzVerdict {
        try await fixture.guarding { before in
            guard let response = PullResponse(bytes: bytes) else { return .rejected("not a pull response") }
            try require(PullResponse(bytes: response.bytes)?.commits == response.commits, "a parsed response does not read back")
            // A pull session reports its lag from the peer's vector: any vector a peer sends must do.
            let lag = before.vector.missing(from: response.vector)
            try require(lag >= 0, "a lag of \(lag) commits")
            return try await CommitTarget.apply(response.commits, relay: FuzzFixture.peer, before: before, in: fixture)
        }
    }
}
