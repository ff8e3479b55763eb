import Foundation
import MosaicConfig
import MosaicCore

/// A small network on disk for one test: a member directory of three members, the node
/// config of the first, and its key file; each test breaks one thing and loads it.
struct NetworkFixture {
    let root: URL
    let keys: [String: MemberSigningKey]

    /// `alpha` (coordinator, with a node), `beta` (with a node), `gamma` (no node).
    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Members"), withIntermediateDirectories: true)
        keys = ["alpha": MemberSigningKey(), "beta": MemberSigningKey(), "gamma": MemberSigningKey()]
        try write("Members/alpha.yaml", memberFile(id: "alpha", country: "AT", role: "coordinator", endpoint: "http://127.0.0.1:9001"))
        try write("Members/beta.yaml", memberFile(id: "beta", country: "BE", endpoint: "https://beta.example.org"))
        try write("Members/gamma.yaml", memberFile(id: "gamma", country: "KZ"))
        try writeKey("alpha")
        try write("node.yaml", Self.nodeFile)
    }

    static let nodeFile = """
        member: alpha
        listen: 127.0.0.1:0
        key_file: keys/alpha.key
        members_dir: Members
        sync:
          interval_seconds: 30
          jitter_seconds: 5

        """

    /// The text of a member file with the fixture's key for `id`.
    func memberFile(id: String, country: String, role: String = "member", endpoint: String? = nil, publicKey: String? = nil) -> String {
        var lines = [
            "id: \(id)", "name: Organisation \(id)", "country: \(country)", "languages: [fr, en]",
            "public_key: \(publicKey ?? keys[id]?.publicKey.base64 ?? MemberSigningKey().publicKey.base64)", "role: \(role)",
        ]
        if let endpoint { lines.insert("endpoint: \(endpoint)", at: 4) }
        return lines.joined(separator: "\n") + "\n"
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    func write(_ relative: String, _ text: String, mode: Int = 0o644) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
    }

    func writeKey(_ id: String, key: MemberSigningKey? = nil, mode: Int = 0o600) throws {
        let key = key ?? keys[id]!
        try write("keys/\(id).key", key.fileText(for: MemberID(id)!), mode: mode)
    }

    func remove(_ relative: String) throws { try FileManager.default.removeItem(atPath: path(relative)) }

    func load() -> Result<NodeSetup, ConfigProblems> { NodeConfigLoader.load(path: path("node.yaml")) }

    /// The problems of loading the node config; empty when it loads.
    func problems() -> [ConfigProblem] {
        switch load() {
        case .success: []
        case .failure(let problems): problems.problems
        }
    }
}
