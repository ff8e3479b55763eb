import Hummingbird
import MosaicCore
import MosaicStore
import MosaicSync

/// `GET /metrics`: Prometheus text exposition of the node's sync and catalogue figures.
struct MetricsRoute: Sendable {
    let catalogue: NodeCatalogue
    let metrics: NodeMetrics
    let integrity: IntegrityRecord

    func register(on router: Router<NodeRequestContext>) {
        router.get("/metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: try await render())))
        }
    }

    func render() async throws -> String {
        let status = try await catalogue.status()
        let peers = try await catalogue.peerStates()
        var lines: [String] = []
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(String, String)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples { lines.append("\(name)\(labels.isEmpty ? "" : "{\(labels)}") \(value)") }
        }
        func label(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        }
        let rounds = await metrics.rounds
        metric(
            "mosaic_pull_rounds_total", "counter", "Pull rounds by peer and outcome (ok or the failure kind).",
            rounds.sorted { $0.key < $1.key }.map { key, count in
                let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
                return ("peer=\"\(label(parts[0]))\",outcome=\"\(label(parts[1]))\"", "\(count)")
            })
        let perPeer: [(name: String, type: String, help: String, value: (PeerState) -> Int64)] = [
            ("mosaic_commits_received_total", "counter", "Commits received per peer.", \.commitsReceived),
            ("mosaic_bytes_received_total", "counter", "Bytes of pull answers received per peer.", \.bytesReceived),
            ("mosaic_peer_lag_commits", "gauge", "Commits a peer has that this node lacks, at the last pull.", \.lag),
            ("mosaic_peer_consecutive_failures", "gauge", "Failed pull rounds in a row per peer.", { Int64($0.consecutiveFailures) }),
        ]
        for series in perPeer {
            metric(series.name, series.type, series.help, peers.map { ("peer=\"\($0.peer)\"", "\(series.value($0))") })
        }
        metric("mosaic_pulls_served_total", "counter", "Pull requests this node answered.", [("", "\(await metrics.pullsServed)")])
        metric("mosaic_commits_sent_total", "counter", "Commits this node sent in pull answers.", [("", "\(await metrics.commitsSent)")])
        metric("mosaic_bytes_sent_total", "counter", "Bytes of pull answers this node sent.", [("", "\(await metrics.bytesSent)")])
        metric(
            "mosaic_sync_requests_refused_total", "counter", "Sync requests refused, by HTTP status and reason.",
            await metrics.refused.sorted { $0.key < $1.key }.map {
                ("status=\"\($0.key.status)\",reason=\"\(label($0.key.reason))\"", "\($0.value)")
            })
        lines.append("# HELP mosaic_apply_seconds Time to apply one pulled page (one transaction).")
        lines.append("# TYPE mosaic_apply_seconds summary")
        lines.append("mosaic_apply_seconds_sum \(await metrics.applySeconds)")
        lines.append("mosaic_apply_seconds_count \(await metrics.applies)")
        metric(
            "mosaic_records", "gauge", "Shared records by type.",
            RecordType.allCases.map { ("type=\"\($0.rawValue)\"", "\(status.records[$0] ?? 0)") })
        metric("mosaic_open_conflicts", "gauge", "Open conflicts.", [("", "\(status.openConflicts)")])
        metric("mosaic_open_proposals", "gauge", "Open proposals.", [("", "\(status.openProposals)")])
        metric(
            "mosaic_vector_commits", "gauge", "Commits held per origin (the version vector).",
            status.vector.entries.sorted { $0.key < $1.key }.map { ("origin=\"\($0.key)\"", "\($0.value)") })
        if let check = await integrity.last {
            metric(
                "mosaic_integrity_check_ok", "gauge", "1 when the last full PRAGMA integrity_check passed, 0 when it failed.",
                [("", check.ok ? "1" : "0")])
            metric(
                "mosaic_integrity_check_timestamp_seconds", "gauge", "When the last integrity check finished (Unix time).",
                [("", "\(check.at / 1000)")])
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
