import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MosaicConfig
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

@testable import MosaicServer

/// The node defends its sync routes and its health endpoints: nonces survive a restart, only
/// verified requests record one, media types are matched exactly, `/healthz` is one trivial query,
/// `/readyz` reports the database and peers, and the daily integrity check feeds `/metrics`.
@Suite struct ServerDefenceTests {
    let auth = SyncAuthenticationTests()
    static let pullBody = SyncAuthenticationTests.pullBody

    func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-defence-\(UUID().uuidString)/alpha.sqlite").path
    }

    func pull(_ app: some ApplicationProtocol, _ headers: HTTPFields, body: [UInt8] = pullBody) async throws -> (
        HTTPResponse.Status, String
    ) {
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/sync/v1/pull", method: .post, headers: headers, body: ByteBuffer(bytes: body))
            return (response.status, String(buffer: response.body))
        }
    }

    @Test func aSignedPullReplayedAfterTheNodeRestartsIs401() async throws {
        let path = temporaryDatabase()
        let headers = auth.signed()
        do {
            let (setup, catalogue) = try auth.node(path: path)
            let (status, _) = try await pull(Application(router: try NodeServer.router(setup: setup, catalogue: catalogue)), headers)
            #expect(status == .ok)
        }
        // A new process: a new store, router and authenticator on the same database file.
        let (setup, catalogue) = try auth.node(path: path)
        let (status, body) = try await pull(Application(router: try NodeServer.router(setup: setup, catalogue: catalogue)), headers)
        #expect(status == .unauthorized)
        #expect(body.contains("replayed"))
    }

    @Test func onlyVerifiedRequestsRecordANonce() async throws {
        let (setup, catalogue) = try auth.node()
        let app = Application(router: try NodeServer.router(setup: setup, catalogue: catalogue))
        var forged = auth.signed()
        forged[HTTPField.Name("Signature")!] = "mosaic=:\(Data(repeating: 1, count: 64).base64EncodedString()):"
        let failures = [forged, auth.signed(member: "gamma"), auth.signed(created: Int64(Date().timeIntervalSince1970) - 3600)]
        for headers in failures { #expect(try await pull(app, headers).0 == .unauthorized) }
        #expect(try await SyncNonces(store: catalogue.store).count() == 0)
        #expect(try await pull(app, auth.signed()).0 == .ok)
        #expect(try await SyncNonces(store: catalogue.store).count() == 1)
    }

    @Test(arguments: [
        ("application/json", true), ("application/json; charset=utf-8", true), ("Application/JSON", true),
        ("application/json ; charset=utf-8", true), ("application/jsonx", false), ("application/json-seq", false),
        ("text/json", false), ("application/x-json", false), ("application/json/x", false), ("", false),
    ])
    func pullBodiesMustBeExactlyJSON(contentType: String, accepted: Bool) async throws {
        let (setup, catalogue) = try auth.node()
        var headers = auth.signed()
        headers[.contentType] = contentType
        let (status, body) = try await pull(Application(router: try NodeServer.router(setup: setup, catalogue: catalogue)), headers)
        #expect(status == (accepted ? .ok : .unsupportedMediaType), "\(contentType): \(status) \(body)")
    }

    @Test func apiBodiesMustBeExactlyJSON() async throws {
        let fixture = try await WebFixture.make()
        let before = try await fixture.catalogue.vector()
        try await fixture.test { client async throws in
            let body = ByteBuffer(string: #"{"type":"practice","title":{"en":"Training"}}"#)
            for type in ["application/jsonx", "application/json5", "text/json"] {
                var headers = WebFixture.bearer(fixture.editorToken)
                headers[.contentType] = type
                let response = try await client.execute(uri: "/api/v1/records", method: .post, headers: headers, body: body)
                #expect(response.status == .unsupportedMediaType, "\(type)")
            }
        }
        #expect(try await fixture.catalogue.vector() == before)
    }

    @Test func formsMustBeExactlyForms() {
        #expect(ContentType.isForm("application/x-www-form-urlencoded; charset=utf-8"))
        #expect(!ContentType.isForm("application/x-www-form-urlencodedx"))
    }

    @Test func healthzAndReadyzAreOpenCheapAndSayNothingPrivate() async throws {
        let (setup, catalogue) = try auth.node { $0.peers = [MemberID("beta")!] }
        let routes = try NodeServer.routes(setup: setup, catalogue: catalogue)
        #expect(routes.contains { $0.path == "/healthz" && $0.access == .open })
        #expect(routes.contains { $0.path == "/readyz" && $0.access == .open })
        let app = Application(router: try NodeServer.router(setup: setup, catalogue: catalogue))
        try await app.test(.router) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(String(buffer: health.body).contains(#""status":"ok""#))
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(ready.body.readableBytesView)) as? [String: Any])
            #expect(report["status"] as? String == "ready")
            #expect(report["database_writable"] as? Bool == true)
            let peers = try #require(report["peers"] as? [[String: Any]])
            #expect(peers.map { $0["member"] as? String } == ["beta"], "the peer fields of /api/v1/peers")
            #expect(peers.first?["state"] as? String == "never")
            #expect(Set(try #require(peers.first).keys) == ["member", "state", "failures_in_row", "lag", "last_success"])
            #expect(Set(report.keys) == ["status", "database_writable", "peers", "checked_at"])
            #expect((report["checked_at"] as? String)?.hasSuffix("Z") == true, "an RFC 3339 time")
        }
    }

    @Test func readinessIsComputedAtMostOncePerCachePeriod() async throws {
        let (_, catalogue) = try auth.node()
        let clock = ManualMillis(1_000_000)
        let readiness = Readiness(catalogue: catalogue, peers: [], cacheMillis: 5000, now: { clock.now })
        let first = await readiness.report()
        clock.advance(4999)
        #expect(await readiness.report().checkedAt == first.checkedAt)
        clock.advance(1)
        #expect(await readiness.report().checkedAt == first.checkedAt + 5000)
    }

    @Test func readinessTellsPeersThatFailFromHealthyOnesWithoutTheirErrorText() async throws {
        let (_, catalogue) = try auth.node()
        let beta = MemberID("beta")!, gamma = MemberID("gamma")!
        try await catalogue.recordRound(with: beta, error: nil, lag: 3)
        try await catalogue.recordRound(with: gamma, error: (kind: "unreachable", message: "http://10.0.0.7:8400/ refused"), lag: nil)
        let clock = ManualMillis(1_000_000)
        let report = await Readiness(catalogue: catalogue, peers: ["beta", "delta"], now: { clock.now }).report()
        #expect(report.status == "ready")
        #expect(report.peers.map(\.peer) == ["beta", "delta", "gamma"])
        #expect(report.peers.map(\.state) == ["ok", "never", "failing"])
        #expect(report.peers[0].lag == 3 && report.peers[2].consecutiveFailures == 1)
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(!json.contains("10.0.0.7"))
    }

    @Test func theIntegrityCheckRunsAtStartThenDailyOnTheInjectedClockAndFeedsMetrics() async throws {
        let (_, catalogue) = try auth.node()
        let clock = ManualClock()
        let record = IntegrityRecord()
        let watch = IntegrityWatch(
            store: catalogue.store, record: record, clock: clock, interval: .seconds(86_400), nowMillis: { 86_400_000 },
            logger: Logger(label: "test"))
        let task = Task { try await watch.run() }
        var updates = record.updates.makeAsyncIterator()
        let first = await updates.next()
        #expect(first == IntegrityRecord.Result(ok: true, at: 86_400_000))
        clock.advance(by: .seconds(86_400))
        #expect(await updates.next()?.ok == true)
        task.cancel()
        _ = await task.result
        let metrics = String(
            decoding: try await MetricsRoute(catalogue: catalogue, metrics: NodeMetrics(), integrity: record).render(), as: UTF8.self)
        #expect(metrics.contains("\nmosaic_integrity_check_ok 1.0\n"))
        #expect(metrics.contains("\nmosaic_integrity_check_timestamp_seconds 86400.0\n"))
        await record.record(.init(ok: false, at: 172_800_000))
        let after = try await MetricsRoute(catalogue: catalogue, metrics: NodeMetrics(), integrity: record).render()
        #expect(String(decoding: after, as: UTF8.self).contains("\nmosaic_integrity_check_ok 0.0\n"))
    }
}
