import Foundation
import MosaicConfig
import MosaicCore
import Testing

/// The files shipped in `Config/` and `Members/` pass the same checks as `mosaic config check`.
@Suite struct ShippedConfigTests {
    /// A copy of Config/ and Members/ in a temporary folder, so that keys written by the test
    /// never land in the repository.
    private func copyOfRepository() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-shipped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for folder in ["Config", "Members"] {
            try FileManager.default.copyItem(atPath: RepositoryFiles.path(folder), toPath: root.appendingPathComponent(folder).path)
        }
        return root
    }

    @Test func everyDemoNodeConfigPasses() throws {
        let root = try copyOfRepository()
        let folder = root.appendingPathComponent("Config/demo")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(names.count >= 4)
        var ports = Set<Int>()
        for name in names {
            let path = folder.appendingPathComponent(name).path
            let written = try DemoKeyInstaller.installKey(forConfig: path)
            #expect(written != nil)
            let setup = try NodeConfigLoader.load(path: path).get()
            #expect(setup.config.demo)
            #expect(setup.config.member.rawValue + ".yaml" == name)
            ports.insert(setup.config.listen.port)
            let mode = try FileManager.default.attributesOfItem(atPath: setup.config.keyFilePath)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        #expect(ports.count == names.count, "each demo node listens on its own port")
    }

    @Test func exampleConfigPassesOnceTheMemberHasARealKey() throws {
        let root = try copyOfRepository()
        let key = MemberSigningKey()
        let memberFile = root.appendingPathComponent("Members/ecpat-be.yaml")
        let original = try String(contentsOf: memberFile, encoding: .utf8)
        let demoKey = DemoKeys.signingKey(for: MemberID("ecpat-be")!).publicKey.base64
        try original.replacingOccurrences(of: demoKey, with: key.publicKey.base64).write(to: memberFile, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("secrets"), withIntermediateDirectories: true)
        try KeyFileWriter.write(key, for: MemberID("ecpat-be")!, to: root.appendingPathComponent("secrets/ecpat-be.key").path)
        let setup = try NodeConfigLoader.load(path: root.appendingPathComponent("Config/node.example.yaml").path).get()
        #expect(!setup.config.demo)
        #expect(setup.config.listen == ListenAddress(host: "127.0.0.1", port: 8400))
    }

    @Test func exampleConfigDocumentsEveryKey() throws {
        let text = try String(contentsOfFile: RepositoryFiles.path("Config/node.example.yaml"), encoding: .utf8)
        for key in [
            "member", "listen", "database", "key_file", "members_dir", "demo", "peers", "sync", "interval_seconds",
            "jitter_seconds", "backoff_max_seconds", "timeout_seconds", "page_size", "page_bytes", "max_body_bytes",
            "signature_window_seconds", "clock_skew_seconds", "ui", "default_language", "anonymous_read", "auth",
            "session_hours", "login_attempts_per_minute", "secure_cookies", "tls", "certificate", "private_key", "trusted_proxies",
            "peer_tls", "ca_file", "pin_sha256",
        ] {
            #expect(text.contains("\(key):"), "Config/node.example.yaml should document '\(key)'")
        }
    }
}

/// Paths inside the repository, found from this source file.
enum RepositoryFiles {
    static func path(_ relative: String, file: String = #filePath) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(relative).path
    }
}
