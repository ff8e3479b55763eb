import Foundation
import MosaicCore
import Testing

/// `mosaic keys generate`: mode 0600, the public key printed for Members/, never overwriting.
@Suite struct KeysGenerateTests {
    @Test func writesAPrivateKeyWithMode0600AndPrintsItsPublicKey() throws {
        let folder = try MosaicProcess.temporaryFolder()
        let keyPath = folder.appendingPathComponent("ecpat-be.key").path
        let outcome = try MosaicProcess.run(["keys", "generate", "--out", keyPath, "--member", "ecpat-be"])
        #expect(outcome.status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: keyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let key = try MemberSigningKey(fileText: String(contentsOfFile: keyPath, encoding: .utf8))
        #expect(outcome.standardOutput.contains("\npublic_key: \(key.publicKey.base64)\n"))
    }

    /// The README's `--out secrets/ecpat-be.key` in a new folder: `secrets/` is made, mode 0700.
    @Test func makesAMissingKeyFolderReadableByItsOwnerOnly() throws {
        let folder = try MosaicProcess.temporaryFolder()
        let keyPath = folder.appendingPathComponent("secrets/ecpat-be.key").path
        let outcome = try MosaicProcess.run(["keys", "generate", "--out", keyPath, "--member", "ecpat-be"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let mode =
            try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("secrets").path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        #expect(FileManager.default.fileExists(atPath: keyPath))
    }

    @Test func refusesToOverwriteAnExistingFile() throws {
        let folder = try MosaicProcess.temporaryFolder()
        let keyPath = folder.appendingPathComponent("member.key").path
        #expect(try MosaicProcess.run(["keys", "generate", "--out", keyPath]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: keyPath))
        let second = try MosaicProcess.run(["keys", "generate", "--out", keyPath])
        #expect(second.status != 0)
        #expect(second.standardError.contains("already exists"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: keyPath)) == before)
    }

    @Test func jsonOutputGivesThePublicKey() throws {
        let folder = try MosaicProcess.temporaryFolder()
        let keyPath = folder.appendingPathComponent("member.key").path
        let outcome = try MosaicProcess.run(["keys", "generate", "--out", keyPath, "--json"])
        let report = try JSONDecoder().decode([String: String].self, from: Data(outcome.standardOutput.utf8))
        let key = try MemberSigningKey(fileText: String(contentsOfFile: keyPath, encoding: .utf8))
        #expect(report == ["key_file": keyPath, "public_key": key.publicKey.base64])
    }

    @Test func rejectsAnInvalidMemberId() throws {
        let folder = try MosaicProcess.temporaryFolder()
        let keyPath = folder.appendingPathComponent("member.key").path
        let outcome = try MosaicProcess.run(["keys", "generate", "--out", keyPath, "--member", "ECPAT"])
        #expect(outcome.status != 0)
        #expect(outcome.standardError.contains("is not a member id"))
        #expect(!FileManager.default.fileExists(atPath: keyPath))
    }
}
