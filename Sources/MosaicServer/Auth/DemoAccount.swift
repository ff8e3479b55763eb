import Foundation
import MosaicConfig
import MosaicStore
import MosaicSync

/// The demo federation's login: a coordinator account `demo` on every demo node, with a random
/// password made at first start and kept (mode 0600) beside the demo keys.
public enum DemoAccount {
    public static let name = "demo"

    /// Makes sure every demo node in `setups` has the account; returns its password.
    public static func ensure(_ setups: [NodeSetup], hasher: PasswordHasher = PasswordHasher()) async throws -> String {
        guard let first = setups.first(where: { $0.config.demo }) else { throw DemoAccountError() }
        let folder = (first.config.keyFilePath as NSString).deletingLastPathComponent
        let file = (folder as NSString).appendingPathComponent("demo-password")
        var password = (try? String(contentsOfFile: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let isNew = password.count < PasswordHasher.lengths.lowerBound
        if isNew {
            password = String(NodeCatalogue.newSecret(prefix: "").prefix(16))
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: file, contents: Data((password + "\n").utf8), attributes: [.posixPermissions: 0o600])
        }
        let hash = try await hasher.hash(password)
        for setup in setups where setup.config.demo {
            let catalogue = try setup.openCatalogue()
            if try await catalogue.credentials(of: name) == nil {
                try await catalogue.addAccount(Account(name: name, role: .coordinator), passwordHash: hash)
            } else if isNew {
                try await catalogue.setPassword(of: name, passwordHash: hash)
            }
        }
        return password
    }

    /// No demo node among the setups.
    struct DemoAccountError: Error, CustomStringConvertible {
        var description: String { "no demo node (demo: true) to make the demo account on" }
    }
}
