import Foundation
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// The sync map over real nodes on loopback: a chain A ← B ← C (C pulls B, B pulls A). A sees B
/// pull directly and C as B reports it, with the lag per origin, the versions, the page, the JSON
/// twin and the metric.
@Suite struct SyncMapTests {
    let a = MemberID("node-a")!, b = MemberID("node-b")!, c = MemberID("node-c")!, d = MemberID("node-d")!

    /// A practice created on `node` (one commit of its own origin).
    private func practice(on node: LiveNode, _ nonce: String) async throws {
        try await node.catalogue.commit([
            .create(
                type: .practice, nonce: "sync-map-\(nonce)",
                assignments: [.register(RegisterKey(field: "title", lang: LanguageTag("en")!), nonce)],
                isPrivate: false)
        ])
    }

    /// A coordinator's API token on `node`.
    private func coordinatorToken(_ node: LiveNode) async throws -> String {
        // Tokens are checked by their hash only: the account's password is never used here.
        try await node.catalogue.addAccount(Account(name: "boss", role: .coordinator), passwordHash: "unused")
        return try await node.catalogue.createToken(for: "boss", label: "sync map test")
    }

    private func get(_ path: String, from node: LiveNode, token: String?) async throws -> RawHTTP.Answer {
        let headers = token.map { [("Authorization", "Bearer \($0)")] } ?? []
        return try await RawHTTP.send(RawHTTP.request("GET", path, headers: headers, body: []), port: try #require(node.url.port))
    }

    @Test func aChainShowsTheNodeBehindTheRelayWithItsLagPerOriginAndVersion() async throws {
        // setup: D is in the directory but never pulls.
        let directory = LiveNode.directory([a, b, c, d], coordinators: [a])
        let nodeA = try await LiveNode.start(a, directory: directory)
        let nodeB = try await LiveNode.start(b, directory: directory)
        let nodeC = try await LiveNode.start(c, directory: directory)
        defer { Task { for node in [nodeA, nodeB, nodeC] { await node.stop() } } }
        let token = try await coordinatorToken(nodeA)
        for index in 0..<2 { try await practice(on: nodeA, "map-a-\(index)") }
        try await practice(on: nodeB, "map-b-0")

        // MUT: B pulls A, C pulls B, then B pulls A again (and reports C); A writes one more commit.
        for (target, source) in [(nodeB, nodeA), (nodeC, nodeB), (nodeB, nodeA)] {
            let outcome = await target.pull(from: source)
            #expect(outcome.failure == nil, "\(target.member) from \(source.member): \(outcome.failure.map(\.description) ?? "")")
        }
        try await practice(on: nodeA, "map-a-2")

        // validate: the JSON twin.
        let answer = try await get("/api/v1/network", from: nodeA, token: token)
        #expect(answer.status == 200, "\(answer.body)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])
        #expect(json["member"] as? String == "node-a")
        let nodes = try #require(json["nodes"] as? [[String: Any]])
        #expect(nodes.map { $0["member"] as? String } == ["node-b", "node-c", "node-d"])
        let (rowB, rowC, rowD) = (nodes[0], nodes[1], nodes[2])
        // B pulled A directly and held a=2 then; A now holds a=3: one commit of origin node-a behind.
        #expect(rowB["seen"] as? String == "direct")
        #expect(rowB["reported_by"] is NSNull)
        #expect(rowB["lag"] as? Int == 1)
        #expect(rowB["lag_by_origin"] as? [String: Int] == ["node-a": 1])
        #expect(rowB["behind"] as? Bool == true)
        #expect(rowB["software_version"] as? String == MosaicVersion.current)
        #expect(rowB["protocol_version"] as? String == ProtocolVersion.current.description)
        #expect(rowB["last_pull"] is String)
        // C pulled B, which held a=2: reported by B, one commit of node-a behind too.
        #expect(rowC["seen"] as? String == "reported")
        #expect(rowC["reported_by"] as? String == "node-b")
        #expect(rowC["lag_by_origin"] as? [String: Int] == ["node-a": 1])
        #expect(rowC["software_version"] as? String == MosaicVersion.current)
        // D never pulled: no lag, not flagged.
        #expect(rowD["seen"] as? String == "never")
        #expect(rowD["lag"] is NSNull)
        #expect(rowD["behind"] as? Bool == false)

        // B catches up: no longer behind, C still is.
        #expect(await nodeB.pull(from: nodeA).failure == nil)
        let after = try await get("/api/v1/network", from: nodeA, token: token)
        let again = try #require(try JSONSerialization.jsonObject(with: Data(after.body.utf8)) as? [String: Any])
        let flags = try #require(again["nodes"] as? [[String: Any]]).map { $0["behind"] as? Bool }
        #expect(flags == [false, true, false])

        // The page: B up to date, C highlighted and named as reported by B; in German too.
        let page = try await get("/network", from: nodeA, token: token)
        #expect(page.status == 200)
        #expect(page.body.contains(#"<tr id="node-node-c" class="behind">"#))
        #expect(page.body.contains(#"<tr id="node-node-b">"#))
        #expect(page.body.contains("reported by Organisation node-b"))
        #expect(page.body.contains(#"<span class="missing">node-a: 1</span>"#))
        #expect(page.body.contains("Mosaic \(MosaicVersion.current), protocol \(ProtocolVersion.current.description)"))
        let german = try await get("/network?lang=de", from: nodeA, token: token)
        #expect(german.body.contains("gemeldet von Organisation node-b"))
        #expect(german.body.contains("Rückstand: 1"))
        let russian = try await get("/network?lang=ru", from: nodeA, token: token)
        #expect(russian.body.contains("по сообщению Organisation node-b"))
        #expect(russian.body.contains("отставание: 1"))
        #expect(page.body.contains("behind by 1"))
        #expect(page.body.contains(#"<a href="/network">"#))

        // The metric.
        let metrics = try await get("/metrics", from: nodeA, token: nil)
        #expect(metrics.body.contains(#"mosaic_member_lag_commits{member="node-b"} 0.0"# + "\n"))
        #expect(metrics.body.contains(#"mosaic_member_lag_commits{member="node-c"} 1.0"# + "\n"))
        #expect(!metrics.body.contains(#"mosaic_member_lag_commits{member="node-d"}"#))
    }

    @Test func theMapIsForCoordinatorsOnly() async throws {
        let directory = LiveNode.directory([a, b], coordinators: [a])
        let nodeA = try await LiveNode.start(a, directory: directory)
        defer { Task { await nodeA.stop() } }
        try await nodeA.catalogue.addAccount(Account(name: "ed", role: .editor), passwordHash: "unused")
        let editor = try await nodeA.catalogue.createToken(for: "ed", label: "test")
        #expect(try await get("/api/v1/network", from: nodeA, token: nil).status == 401)
        #expect(try await get("/api/v1/network", from: nodeA, token: editor).status == 403)
        #expect(try await get("/network", from: nodeA, token: editor).status == 403)
        // Only coordinators are shown the link.
        let catalogue = try await get("/", from: nodeA, token: editor)
        #expect(catalogue.status == 200)
        #expect(!catalogue.body.contains(#"href="/network""#))
    }
}
