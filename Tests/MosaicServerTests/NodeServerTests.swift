import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicStore
import Testing

/// The node's HTTP routes, driven in-process.
@Suite struct NodeServerTests {
    private func setup(names: [String: String] = [:]) throws -> (NodeSetup, NodeCatalogue) {
        let key = MemberSigningKey()
        let members = ["alpha", "beta"].map { id in
            Member(
                id: MemberID(id)!, name: names[id] ?? "Organisation \(id)", country: CountryCode("BE")!,
                languages: [LanguageTag("fr")!], endpoint: URL(string: "http://127.0.0.1:9\(id.count)"),
                publicKey: id == "alpha" ? key.publicKey : MemberSigningKey().publicKey, role: id == "alpha" ? .coordinator : .member)
        }
        var config = NodeConfig(member: MemberID("alpha")!, databasePath: ":memory:", keyFilePath: "unused", membersDirectory: "unused")
        config.ui.anonymousRead = true
        let setup = NodeSetup(configFile: "test.yaml", config: config, directory: MemberDirectory(members), signingKey: key)
        let catalogue = NodeCatalogue(
            store: try CatalogueStore.inMemory(member: config.member), member: config.member, signingKey: key, directory: setup.directory)
        return (setup, catalogue)
    }

    @Test func healthzAnswersWithTheMember() async throws {
        let (setup, store) = try setup()
        let app = Application(router: try NodeServer.router(setup: setup, catalogue: store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode([String: String].self, from: Data(buffer: response.body))
                #expect(body == ["status": "ok", "member": "alpha", "version": MosaicVersion.current])
            }
        }
    }

    @Test func membersPageEscapesMemberNames() async throws {
        let (setup, store) = try setup(names: ["beta": "<script>document.title='pwned'</script> & \"co\""])
        let app = Application(router: try NodeServer.router(setup: setup, catalogue: store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/members", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = String(buffer: response.body)
                #expect(!html.contains("<script>"))
                #expect(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt; &amp; &quot;co&quot;"))
                #expect(html.contains("Organisation alpha"))
            }
        }
    }

    @Test func metricsArePrometheusText() async throws {
        let (setup, store) = try setup()
        let app = Application(router: try NodeServer.router(setup: setup, catalogue: store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                for name in [
                    "mosaic_records{type=\"practice\"} 0.0", "mosaic_open_conflicts 0.0", "# TYPE mosaic_pulls_served_total counter",
                    "mosaic_pulls_served_total 0", "mosaic_apply_seconds_count 0", "# TYPE mosaic_apply_seconds histogram",
                ] {
                    #expect(text.contains(name), "\(name)")
                }
            }
        }
    }

    @Test func unknownPathIsNotFound() async throws {
        let (setup, store) = try setup()
        let app = Application(router: try NodeServer.router(setup: setup, catalogue: store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/no-such-page", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}

/// Free loopback ports for the demo.
@Suite struct LoopbackPortTests {
    @Test func aPickedPortIsFreeAndABoundOneIsNot() async throws {
        let port = try #require(LoopbackPorts.pick())
        #expect(port > 0 && LoopbackPorts.isFree(port))
        let (setup, catalogue) = try {
            let key = MemberSigningKey()
            let member = Member(
                id: MemberID("alpha")!, name: "A", country: CountryCode("BE")!, languages: [], endpoint: nil, publicKey: key.publicKey,
                role: .member)
            let config = NodeConfig(
                member: member.id, listen: ListenAddress(host: "127.0.0.1", port: port), databasePath: ":memory:", keyFilePath: "-",
                membersDirectory: "-")
            let setup = NodeSetup(configFile: "t", config: config, directory: MemberDirectory([member]), signingKey: key)
            return (
                setup,
                NodeCatalogue(
                    store: try CatalogueStore.inMemory(member: member.id), member: member.id, signingKey: key, directory: setup.directory)
            )
        }()
        let app = try NodeServer.application(setup: setup, catalogue: catalogue, logger: Logger(label: "t"))
        try await app.test(.live) { client in
            let bound = try #require(client.port)
            #expect(!LoopbackPorts.isFree(bound))
        }
    }
}
