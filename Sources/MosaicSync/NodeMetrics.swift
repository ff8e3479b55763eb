import MosaicCore
import Prometheus

/// A node's metrics, in its own Prometheus registry (swift-prometheus' `PrometheusCollectorRegistry`).
///
/// One registry per node rather than the process-wide `MetricsSystem`, because tests and the demo
/// run several nodes in one process. Counters count since the process started; the durable figures
/// (commits and bytes per peer, lag, failures in a row) live in the database's peer state and are
/// copied into gauges when `/metrics` is read (``setGauge(_:labels:to:)``). The library writes the
/// text exposition format and escapes label values (`\`, `"` and newlines).
public actor NodeMetrics {
    /// The registry `/metrics` renders.
    public nonisolated let registry: PrometheusCollectorRegistry
    private let pullsServed: Counter
    private let commitsSent: Counter
    private let bytesSent: Counter
    private let applyTime: DurationHistogram

    /// Names and help texts of the node's metrics (the library requires one help text per name).
    public enum Name: String, Sendable, CaseIterable {
        case pullRounds = "mosaic_pull_rounds_total"
        case pullsServed = "mosaic_pulls_served_total"
        case commitsSent = "mosaic_commits_sent_total"
        case bytesSent = "mosaic_bytes_sent_total"
        case refused = "mosaic_sync_requests_refused_total"
        case applySeconds = "mosaic_apply_seconds"
        case commitsReceived = "mosaic_commits_received_total"
        case bytesReceived = "mosaic_bytes_received_total"
        case peerLag = "mosaic_peer_lag_commits"
        case peerFailures = "mosaic_peer_consecutive_failures"
        case records = "mosaic_records"
        case openConflicts = "mosaic_open_conflicts"
        case openProposals = "mosaic_open_proposals"
        case vector = "mosaic_vector_commits"
        case integrityCheckOK = "mosaic_integrity_check_ok"
        case integrityCheckTimestamp = "mosaic_integrity_check_timestamp_seconds"
        case memberLag = "mosaic_member_lag_commits"

        /// The metric's `# HELP` text.
        public var help: String {
            switch self {
            case .pullRounds: "Pull rounds by peer and outcome (ok or the failure kind)."
            case .pullsServed: "Pull requests this node answered."
            case .commitsSent: "Commits this node sent in pull answers."
            case .bytesSent: "Bytes of pull answers this node sent."
            case .refused: "Sync requests refused, by HTTP status and reason."
            case .applySeconds: "Time to apply one pulled page (one transaction), in seconds."
            case .commitsReceived: "Commits received per peer (from the database)."
            case .bytesReceived: "Bytes of pull answers received per peer (from the database)."
            case .peerLag: "Commits a peer has that this node lacks, at the last pull."
            case .peerFailures: "Failed pull rounds in a row per peer."
            case .records: "Shared records by type."
            case .openConflicts: "Open conflicts."
            case .openProposals: "Open proposals."
            case .vector: "Commits held per origin (the version vector)."
            case .integrityCheckOK: "1 when the last full PRAGMA integrity_check passed, 0 when it failed."
            case .integrityCheckTimestamp: "When the last integrity check finished (Unix time, seconds)."
            case .memberLag: "Commits this node holds that a member node lacked when it was last seen pulling (the sync map)."
            }
        }
    }

    /// Page apply time buckets: a page of 500 commits applies in milliseconds to a few seconds.
    static let applyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(500), .seconds(2), .seconds(10),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        pullsServed = registry.makeCounter(name: Name.pullsServed.rawValue, help: Name.pullsServed.help)
        commitsSent = registry.makeCounter(name: Name.commitsSent.rawValue, help: Name.commitsSent.help)
        bytesSent = registry.makeCounter(name: Name.bytesSent.rawValue, help: Name.bytesSent.help)
        applyTime = registry.makeDurationHistogram(
            name: Name.applySeconds.rawValue, buckets: Self.applyBuckets, help: Name.applySeconds.help)
    }

    /// Records what a pull round did.
    public func record(_ outcome: PullSession.Outcome, peer: MemberID) {
        registry.makeCounter(
            name: Name.pullRounds.rawValue, labels: [("peer", peer.rawValue), ("outcome", outcome.failure?.kind ?? "ok")],
            help: Name.pullRounds.help
        ).increment()
    }

    /// Records an answered pull.
    public func recordServed(commits: Int, bytes: Int) {
        pullsServed.increment()
        commitsSent.increment(by: Int64(commits))
        bytesSent.increment(by: Int64(bytes))
    }

    /// Records the time one page took to apply.
    public func recordApply(_ duration: Duration) { applyTime.record(duration) }

    /// Records a refused sync request.
    public func recordRefused(status: Int, reason: String) {
        registry.makeCounter(name: Name.refused.rawValue, labels: [("status", "\(status)"), ("reason", reason)], help: Name.refused.help)
            .increment()
    }

    /// Sets a gauge read from the database at scrape time.
    public nonisolated func setGauge(_ name: Name, labels: [(String, String)] = [], to value: Int64) {
        if labels.isEmpty {
            registry.makeGauge(name: name.rawValue, help: name.help).set(value)
        } else {
            registry.makeGauge(name: name.rawValue, labels: labels, help: name.help).set(value)
        }
    }
}
