import Foundation
import GRDB
import MosaicCore
import MosaicStore

/// What a hostile exchange must leave unchanged on a node: its version vector, its digest, and
/// the rows of its commit log and records.
struct NodeSnapshot: Equatable, CustomStringConvertible {
    let vector: VersionVector
    let digest: String
    let commitRows: Int
    let recordRows: Int

    static func of(_ catalogue: NodeCatalogue) async throws -> NodeSnapshot {
        let (commits, records) = try await catalogue.store.writer.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM commit_log") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record") ?? -1
            )
        }
        return NodeSnapshot(
            vector: try await catalogue.vector(), digest: try await catalogue.digest(), commitRows: commits, recordRows: records)
    }

    var description: String { "vector \(vector), digest \(digest.prefix(12)), \(commitRows) commits, \(recordRows) records" }
}

/// Reads a live node's `/metrics` text.
enum MetricsScrape {
    static func text(of node: LiveNode) async throws -> String {
        let answer = try await RawHTTP.send(RawHTTP.request("GET", "/metrics", headers: [], body: []), port: node.url.port!)
        return answer.body
    }

    /// The value of one sample line `name{labels}`, or `nil` when the node does not show it.
    static func value(_ sample: String, in text: String) -> Int? {
        // Gauges are written as floating-point numbers (`1.0`), counters as integers.
        text.split(separator: "\n").first { $0.hasPrefix(sample + " ") }.flatMap { Double($0.dropFirst(sample.count + 1)) }.map { Int($0) }
    }
}
