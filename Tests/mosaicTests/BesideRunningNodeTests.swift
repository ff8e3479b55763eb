import Foundation
import MosaicCore
import MosaicStore
import Synchronization
import Testing

/// Commands run beside a running node wait for its locks instead of failing with "database is
/// locked" (issue 16.1): every connection has a busy timeout, and migrations at start wait too.
@Suite(.serialized) struct BesideRunningNodeTests {
    static let a = ChainFederation.a, b = ChainFederation.b

    /// A (ecpat-be) serving and pulling from B every 5 s; B serving and pulling from A. Returns the federation.
    func servingPair() throws -> ChainFederation {
        let chain = try ChainFederation(pageSize: 50)
        for (node, peer) in [(Self.a, Self.b), (Self.b, Self.a)] {
            let config = try String(contentsOfFile: chain.serveConfig(node), encoding: .utf8)
                .replacingOccurrences(of: "peers: []\n", with: "peers: [\(peer)]\n")
                .replacingOccurrences(of: #"interval_seconds: [0-9]+"#, with: "interval_seconds: 5", options: .regularExpression)
                .replacingOccurrences(of: #"jitter_seconds: [0-9]+"#, with: "jitter_seconds: 0", options: .regularExpression)
            try config.write(toFile: chain.serveConfig(node), atomically: true, encoding: .utf8)
        }
        try chain.startServer(Self.b)
        try chain.startServer(Self.a)
        return chain
    }

    @Test func threeWritersAndAStatusReaderBesideAServingPullingNodeAreNeverRefused() async throws {
        let chain = try servingPair()
        defer { chain.stop() }
        let config = chain.demo.config(Self.a), root = chain.demo.root
        // B gets new commits while the commands run, for A's scheduler to pull (page writes on A).
        let configB = chain.demo.config(Self.b)
        let importer: @Sendable () throws -> [MosaicProcess.Outcome] = {
            try (0..<3).map { round in
                let file = root.appendingPathComponent("b-\(round).csv").path
                let rows = (0..<150).map { "practice,Fiche B \(round)-\($0),training,BE" }
                try (["type,title.fr,themes,countries"] + rows).joined(separator: "\n").write(
                    toFile: file, atomically: true, encoding: .utf8)
                return try MosaicProcess.run(["import", file, "--config", configB], in: root)
            }
        }
        let editsPerWriter = 8
        let writer: @Sendable (Int) -> @Sendable () throws -> [MosaicProcess.Outcome] = { writer in
            {
                try (0..<editsPerWriter).map { edit in
                    try MosaicProcess.run(
                        ["record", "add", "--type", "practice", "--set", "title.fr=Fiche \(writer)-\(edit)", "--config", config], in: root)
                }
            }
        }
        let reader: @Sendable () throws -> [MosaicProcess.Outcome] = {
            try (0..<(editsPerWriter * 2)).map { _ in try MosaicProcess.run(["status", "--config", config], in: root) }
        }
        let runs = try await runSideBySide([writer(0), writer(1), writer(2), reader, importer]).flatMap { $0 }
        let refused = runs.filter { $0.status != 0 }
        #expect(refused.isEmpty, "refused: \(refused.map(\.standardError))")
        #expect(!runs.contains { $0.standardError.contains("locked") })
        // Every acknowledged edit (a printed record id) is kept.
        let acknowledged = runs.prefix(3 * editsPerWriter).compactMap {
            RecordID($0.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(acknowledged.count == 3 * editsPerWriter)
        chain.stop()
        let catalogue = try chain.setup(Self.a).openCatalogue()
        for id in acknowledged { #expect(try await catalogue.record(id) != nil, "edit \(id) was acknowledged but is lost") }
        #expect(try await catalogue.store.integrityCheck())
        // A's scheduler did pull from B meanwhile.
        #expect(try await catalogue.peerStates().contains { $0.peer.rawValue == Self.b && $0.lastSuccess != nil })
    }

    @Test func serveComesUpTwelveTimesWhileCommandsReadTheDatabase() async throws {
        let chain = try ChainFederation(pageSize: 50)
        defer { chain.stop() }
        try await chain.importIntoA(200)
        let config = chain.demo.config(Self.a), root = chain.demo.root
        let stop = Flag()
        // Only the `starts` job below touches the federation while the readers run.
        nonisolated(unsafe) let servers = chain
        let reader: @Sendable () throws -> [MosaicProcess.Outcome] = {
            var runs: [MosaicProcess.Outcome] = []
            while !stop.isSet { runs.append(try MosaicProcess.run(["status", "--config", config], in: root)) }
            return runs
        }
        let starts: @Sendable () throws -> [MosaicProcess.Outcome] = {
            defer { stop.set() }
            var failures: [MosaicProcess.Outcome] = []
            for _ in 0..<12 {
                do {
                    try servers.startServer(Self.a)
                    servers.stopServer(Self.a)
                } catch {
                    failures.append(MosaicProcess.Outcome(status: -1, standardOutput: "", standardError: "\(error)"))
                }
            }
            return failures
        }
        let results = try await runSideBySide([starts, reader, reader, reader])
        #expect(results[0].isEmpty, "serve failed to come up: \(results[0].map(\.standardError))")
        let reads = results.dropFirst().flatMap { $0 }
        #expect(reads.count >= 3)
        #expect(reads.allSatisfy { $0.status == 0 }, "\(reads.filter { $0.status != 0 }.map(\.standardError))")
    }
}

/// A flag one thread sets and others read.
final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
