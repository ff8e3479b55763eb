import Hummingbird
import MosaicCore
import MosaicStore
import MosaicSync

/// `GET /metrics`: the node's registry in the Prometheus text exposition format, with the figures
/// kept in the database (per peer, records, conflicts, the version vector) copied into gauges first.
struct MetricsRoute: Sendable {
    let catalogue: NodeCatalogue
    let metrics: NodeMetrics
    let integrity: IntegrityRecord

    func register(on routes: RouteRegistrar<some RouterMethods<NodeRequestContext>>) {
        routes.add(.get, "/metrics", access: .open) { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try await render())))
        }
    }

    func render() async throws -> [UInt8] {
        let status = try await catalogue.status()
        for peer in try await catalogue.peerStates() {
            let labels = [("peer", peer.peer.rawValue)]
            metrics.setGauge(.commitsReceived, labels: labels, to: peer.commitsReceived)
            metrics.setGauge(.bytesReceived, labels: labels, to: peer.bytesReceived)
            metrics.setGauge(.peerLag, labels: labels, to: peer.lag)
            metrics.setGauge(.peerFailures, labels: labels, to: Int64(peer.consecutiveFailures))
        }
        for type in RecordType.allCases {
            metrics.setGauge(.records, labels: [("type", type.rawValue)], to: Int64(status.records[type] ?? 0))
        }
        metrics.setGauge(.openConflicts, to: Int64(status.openConflicts))
        metrics.setGauge(.openProposals, to: Int64(status.openProposals))
        for (origin, seq) in status.vector.entries { metrics.setGauge(.vector, labels: [("origin", origin.rawValue)], to: seq) }
        // The sync map: each member node seen pulling (here or reported by a caller), by its lag.
        for node in try await NetworkMap.build(directory: catalogue.directory, catalogue: catalogue).nodes {
            if let lag = node.lag { metrics.setGauge(.memberLag, labels: [("member", node.member)], to: lag) }
        }
        if let check = await integrity.last {
            metrics.setGauge(.integrityCheckOK, to: check.ok ? 1 : 0)
            metrics.setGauge(.integrityCheckTimestamp, to: check.at / 1000)
        }
        return metrics.registry.emitToBuffer()
    }
}
