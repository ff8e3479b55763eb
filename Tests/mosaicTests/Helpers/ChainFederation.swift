import Foundation
import MosaicConfig
import MosaicCore
import MosaicStore
import MosaicSync

/// Three demo nodes in a chain on the loopback, each a real `mosaic` process: A (ecpat-be) holds the
/// catalogue; B (secretariat, a coordinator) pulls from A and A pulls from B (so B's own commits,
/// such as a conflict resolution, reach A); C (ecpat-fr) pulls from B. A and B run `mosaic serve`
/// (pulling from nobody, so that every pull is a `mosaic sync` the test starts); C never serves,
/// so its database can be wiped between cases.
final class ChainFederation {
    static let a = "ecpat-be", b = "secretariat", c = "ecpat-fr"
    static let nodes = [a, b, c]
    /// Who each node pulls from in a round, in the order of a round.
    static let pullsFrom = [a: [b], b: [a], c: [b]]

    let demo: DemoCopy
    /// Commits per pull page.
    let pageSize: Int
    /// The records each of A's commits created, in sequence order.
    private(set) var recordsPerCommit: [Int] = []
    private var servers: [String: Process] = [:]
    private var imports = 0

    init(pageSize: Int) throws {
        demo = try DemoCopy()
        self.pageSize = pageSize
        for (node, peers) in Self.pullsFrom {
            let config = try String(contentsOfFile: demo.config(node), encoding: .utf8)
                .replacingOccurrences(of: #"listen: 127\.0\.0\.1:[0-9]+"#, with: "listen: 127.0.0.1:0", options: .regularExpression)
            try config.replacingOccurrences(
                of: "sync:\n", with: "peers: [\(peers.joined(separator: ", "))]\nsync:\n  page_size: \(pageSize)\n"
            )
            .write(toFile: demo.config(node), atomically: true, encoding: .utf8)
            try config.replacingOccurrences(of: "sync:\n", with: "peers: []\nsync:\n")
                .write(toFile: serveConfig(node), atomically: true, encoding: .utf8)
        }
    }

    deinit { stop() }

    func serveConfig(_ node: String) -> String { demo.path("Config/demo/\(node)-serve.yaml") }

    /// Imports `count` new practices into A (commits of at most 500), recording their sizes when
    /// the import committed. Returns how the process ended.
    @discardableResult
    func importIntoA(_ count: Int, environment: [String: String] = [:]) async throws -> MosaicProcess.Outcome {
        imports += 1
        var csv = "type,title.fr,themes,countries\n"
        for index in 0..<count { csv += "practice,Fiche \(imports)-\(index) de pratique,training|reporting,BE\n" }
        let file = demo.path("import-\(imports).csv")
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let before = try await snapshot(Self.a).held(Self.a)
        let outcome = try MosaicProcess.run(["import", file, "--config", demo.config(Self.a)], environment: environment, in: demo.root)
        let after = try await snapshot(Self.a).held(Self.a)
        if after > before {
            var left = count
            while left > 0 {
                recordsPerCommit.append(min(left, NodeCatalogue.importBatch))
                left -= NodeCatalogue.importBatch
            }
        }
        return outcome
    }

    /// Records created by A's first `commits` commits: what a node holding them must show.
    func records(upTo commits: Int64) -> Int { recordsPerCommit.prefix(Int(commits)).reduce(0, +) }

    /// Starts `mosaic serve` for `node` on a free port and writes that port into its member file.
    func startServer(_ node: String) throws {
        let server = Process()
        server.executableURL = MosaicProcess.executable
        server.arguments = ["serve", "--config", serveConfig(node)]
        server.currentDirectoryURL = demo.root
        var env = ProcessInfo.processInfo.environment
        env["MOSAIC_CONFIG"] = nil
        server.environment = env
        let output = Pipe()
        server.standardOutput = output
        // Standard error goes to a file, quoted when the server does not come up.
        let errors = demo.root.appendingPathComponent("serve-\(node)-stderr.log")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        server.standardError = try FileHandle(forWritingTo: errors)
        try server.run()
        var printed = ""
        while !printed.contains("\n"), let chunk = try output.fileHandleForReading.read(upToCount: 1), !chunk.isEmpty {
            printed += String(decoding: chunk, as: UTF8.self)
        }
        output.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
        let url = printed.components(separatedBy: "serving at ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard let port = URL(string: url)?.port else {
            server.terminate()
            let said = (try? String(contentsOf: errors, encoding: .utf8)).map { String($0.suffix(2000)) } ?? ""
            throw CommandFailed(description: "mosaic serve for \(node) printed no address: \(printed) (standard error: \(said))")
        }
        let member = demo.path("Members/\(node).yaml")
        try String(contentsOfFile: member, encoding: .utf8)
            .replacingOccurrences(of: #"endpoint: http://127\.0\.0\.1:[0-9]+"#, with: "endpoint: http://127.0.0.1:\(port)", options: .regularExpression)
            .write(toFile: member, atomically: true, encoding: .utf8)
        servers[node] = server
    }

    /// Stops `node`'s server (SIGTERM) and waits for it.
    func stopServer(_ node: String) {
        guard let server = servers.removeValue(forKey: node) else { return }
        if server.isRunning { server.terminate() }
        server.waitUntilExit()
    }

    func stop() { for node in Array(servers.keys) { stopServer(node) } }

    /// Deletes `node`'s database (its server, if any, stopped first and started again after).
    func wipe(_ node: String) throws {
        let serving = servers[node] != nil
        stopServer(node)
        let database = try setup(node).config.databasePath
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: database + suffix) {
            try FileManager.default.removeItem(atPath: database + suffix)
        }
        if serving { try startServer(node) }
    }

    /// One `mosaic sync` of `node` (all its peers), with extra environment (crash points).
    @discardableResult
    func sync(_ node: String, environment: [String: String] = [:]) throws -> MosaicProcess.Outcome {
        try MosaicProcess.run(["sync", "--config", demo.config(node)], environment: environment, in: demo.root)
    }

    /// `mosaic sync` of `node`, killed with SIGKILL after `delay`; `true` when it was killed.
    func killedSync(_ node: String, after delay: Duration) async throws -> Bool {
        try await MosaicProcess.runKilled(["sync", "--config", demo.config(node)], after: delay, in: demo.root)
    }

    /// Sync rounds (A, then B, then C) until the three digests are equal.
    /// - Returns: the rounds it took, or `nil` when `limit` rounds did not converge.
    func converge(limit: Int = 3) async throws -> Int? {
        for round in 1...limit {
            for node in Self.nodes { try sync(node) }
            var digests: Set<String> = []
            for node in Self.nodes { digests.insert(try await snapshot(node).digest) }
            if digests.count == 1 { return round }
        }
        return nil
    }

    func setup(_ node: String) throws -> NodeSetup {
        switch NodeConfigLoader.load(path: demo.config(node)) {
        case .success(let setup): return setup
        case .failure(let problems): throw CommandFailed(description: "\(node)'s configuration: \(problems)")
        }
    }

    /// What `node`'s database holds now, read with the library calls `mosaic status --check` makes.
    func snapshot(_ node: String) async throws -> NodeSnapshot {
        let catalogue = try setup(node).openCatalogue()
        let status = try await catalogue.status()
        return NodeSnapshot(
            integrity: try await catalogue.store.integrityCheck(), vector: status.vector,
            practices: status.records[.practice] ?? 0, digest: status.digest, openConflicts: status.openConflicts,
            peers: try await catalogue.peerStates())
    }
}

/// A node's state as the crash tests check it.
struct NodeSnapshot {
    /// `PRAGMA integrity_check` answered "ok".
    let integrity: Bool
    let vector: VersionVector
    let practices: Int
    let digest: String
    let openConflicts: Int
    let peers: [PeerState]

    /// The sequence number held of `origin`.
    func held(_ origin: String) -> Int64 { MemberID(origin).map { vector[$0] } ?? 0 }

    /// Commits held in all.
    var commits: Int64 { vector.entries.values.reduce(0, +) }

    func peer(_ id: String) -> PeerState? { peers.first { $0.peer.rawValue == id } }
}
