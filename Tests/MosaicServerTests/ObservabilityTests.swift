import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MosaicConfig
import MosaicCore
import MosaicServer
import MosaicSync
import Testing

/// Lines written by a log handler, kept for a test to read.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// Request logs, log line formats and the Prometheus registry of `/metrics`.
@Suite struct ObservabilityTests {
    @Test func requestLogsCarryNoQueryStringOrBody() async throws {
        let fixture = try await WebFixture.make(anonymousRead: true)
        let lines = LogLines()
        var settings = LogSettings()
        settings.level = "info"
        let logger = Logger(label: "test") { label in LineLogHandler(label: label, settings: settings, write: { lines.append($0) }) }
        let app = Application(router: try NodeServer.router(setup: fixture.setup, catalogue: fixture.catalogue), logger: logger)
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/api/v1/search?q=Marie%20Dupont", method: .get)
            _ = try await client.execute(uri: "/?q=Marie+Dupont&country=BE", method: .get)
            var headers = WebFixture.bearer(fixture.editorToken)
            headers[.contentType] = "application/json"
            _ = try await client.execute(
                uri: "/api/v1/records", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"type": "practice", "title": {"en": "Marie Dupont's case"}}"#))
        }
        let requests = lines.all.filter { $0.contains("msg=request") }
        #expect(requests.count == 3, "\(lines.all)")
        #expect(requests.contains { $0.contains("path=/api/v1/search") && $0.contains("status=200") })
        #expect(requests.contains { $0.contains("method=POST") && $0.contains("path=/api/v1/records") })
        for line in lines.all {
            #expect(
                !line.contains("Marie") && !line.contains("Dupont") && !line.contains("q="),
                "a log line holds search text or a body: \(line)")
        }
    }

    @Test func logLevelFromTheConfigFiltersLines() {
        var settings = LogSettings()
        settings.level = "warning"
        let lines = LogLines()
        let logger = Logger(label: "test") { label in LineLogHandler(label: label, settings: settings, write: { lines.append($0) }) }
        logger.info("not written")
        logger.warning("written")
        #expect(lines.all.count == 1 && lines.all[0].contains("msg=written") && lines.all[0].contains("level=warning"))
    }

    @Test func logfmtAndJSONKeepOneEventOnOneLine() throws {
        let fields = [("msg", "two\nlines \"quoted\" = \\"), ("peer", "beta")]
        let logfmt = LineLogHandler.line(fields, format: .logfmt)
        #expect(logfmt == #"msg="two\nlines \"quoted\" = \\" peer=beta"# + "\n")
        let json = LineLogHandler.line(fields, format: .json)
        #expect(json.filter { $0 == "\n" }.count == 1 && json.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        #expect(object == ["msg": "two\nlines \"quoted\" = \\", "peer": "beta"])
    }

    @Test func metricLabelValuesAreEscapedByTheRegistry() async {
        let metrics = NodeMetrics()
        await metrics.recordRefused(status: 401, reason: "bad\n\"sig\"\\")
        await metrics.recordRefused(status: 401, reason: "bad\n\"sig\"\\")
        await metrics.recordServed(commits: 3, bytes: 900)
        let text = String(decoding: metrics.registry.emitToBuffer(), as: UTF8.self)
        #expect(text.contains(#"mosaic_sync_requests_refused_total{status="401",reason="bad\n\"sig\"\\"} 2"#), "\(text)")
        #expect(text.contains("mosaic_commits_sent_total 3") && text.contains("mosaic_bytes_sent_total 900"))
        #expect(text.contains("# HELP mosaic_pulls_served_total Pull requests this node answered."))
        // Two nodes in one process keep their own figures.
        let other = NodeMetrics()
        #expect(!String(decoding: other.registry.emitToBuffer(), as: UTF8.self).contains("refused"))
    }
}
