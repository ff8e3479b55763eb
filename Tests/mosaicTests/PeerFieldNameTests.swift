import Foundation
import Testing

/// `mosaic sync --json` and `mosaic status --json` name a peer's fields as the API does
/// (`GET /api/v1/peers`, `POST /api/v1/peers/sync`): `member`, `failures_in_row`, `error_kind`, RFC 3339 times.
@Suite struct PeerFieldNameTests {
    @Test func syncAndStatusUseTheAPIsFieldNames() throws {
        // setup
        let demo = try DemoCopy()
        // MUT: ecpat-be's node is not running, so the pull fails (exit 1) unless some other demo answers on
        // its port; the field names are the same either way.
        let sync = try MosaicProcess.run(["sync", "--peer", "ecpat-be", "--json", "--config", demo.config("ecpat-fr")], in: demo.root)
        let rounds = try #require(try JSONSerialization.jsonObject(with: Data(sync.standardOutput.utf8)) as? [[String: Any]])
        let status = try #require(try demo.json("ecpat-fr", ["status"]) as? [String: Any])
        // validate
        #expect(rounds.map { $0["member"] as? String } == ["ecpat-be"])
        #expect(rounds.first?["peer"] == nil)
        let peers = try #require(status["peers"] as? [[String: Any]])
        let peer = try #require(peers.first { $0["member"] as? String == "ecpat-be" })
        #expect(
            Set(peer.keys) == [
                "member", "healthy", "lag", "commits_received", "bytes_received", "failures_in_row", "last_success", "last_attempt",
                "last_error", "error_kind", "protocol_version", "software_version",
            ])
        #expect(peer["failures_in_row"] is Int)
        let lastAttempt = try #require(peer["last_attempt"] as? String)
        #expect(lastAttempt.contains("T") && lastAttempt.hasSuffix("Z"), "an RFC 3339 time, as the API writes it")
    }
}
