import Foundation
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// 16-crlf-bundle.sh: a bundle whose line ends were converted to CRLF on the way is read as
/// written; a converted bundle whose signed bytes were altered is still refused.
@Suite struct BundleLineEndTests {
    let network = TestNetwork()

    /// A bundle of two commits by the owner, with accents and a line break inside a value (escaped
    /// in the commit's JSON), and its folder.
    func bundle() async throws -> (NodeCatalogue, URL, Data) {
        let node = try network.node(TestNetwork.owner)
        try await node.commit([
            .create(type: .practice, nonce: "crlf-nonce-1", assignments: try assign("title.fr=Repérage précoce"), isPrivate: false)
        ])
        try await node.commit([
            .create(
                type: .practice, nonce: "crlf-nonce-2", assignments: try assign("title.fr=Deux lignes", "description.fr=une\ndeux"),
                isPrivate: false)
        ])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-crlf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("a.bundle").path
        try await CommitBundle.create(from: node, at: path)
        return (node, folder, try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// `sed 's/$/\r/'`: a CR before every LF.
    func crlf(_ data: Data) -> Data {
        var converted = Data()
        for byte in data {
            if byte == 0x0A { converted.append(0x0D) }
            converted.append(byte)
        }
        return converted
    }

    @Test func aCRLFBundleIsReadAsWritten() async throws {
        let (node, folder, data) = try await bundle()
        defer { try? FileManager.default.removeItem(at: folder) }
        let converted = folder.appendingPathComponent("a-crlf.bundle")
        try crlf(data).write(to: converted)
        let receiver = try network.node(TestNetwork.member)
        let (summary, outcome) = try await CommitBundle.apply(at: converted.path, to: receiver)
        #expect(summary.commits == 2 && outcome.applied == 2)
        #expect(try await receiver.digest() == (try await node.digest()))
        // The commits are the signed bytes, not the converted ones.
        let (_, read) = try CommitBundle.read(at: converted.path)
        let held = try await node.commits(after: VersionVector(), limit: 10).commits
        #expect(read == held)
    }

    /// Saved again by Windows Notepad: a UTF-8 byte order mark before the header, and CRLF.
    @Test func aBundleSavedWithAByteOrderMarkIsReadAsWritten() async throws {
        let (node, folder, data) = try await bundle()
        defer { try? FileManager.default.removeItem(at: folder) }
        let saved = folder.appendingPathComponent("a-notepad.bundle")
        try (Data([0xEF, 0xBB, 0xBF]) + crlf(data)).write(to: saved)
        let receiver = try network.node(TestNetwork.member)
        let (summary, outcome) = try await CommitBundle.apply(at: saved.path, to: receiver)
        #expect(summary.commits == 2 && outcome.applied == 2)
        #expect(try await receiver.digest() == (try await node.digest()))
    }

    @Test func aConvertedBundleWithAlteredBytesIsStillRefused() async throws {
        let (node, folder, data) = try await bundle()
        defer { try? FileManager.default.removeItem(at: folder) }
        var tampered = crlf(data)
        let target = try #require(tampered.range(of: Data("Repérage".utf8)))
        tampered.replaceSubrange(target, with: Data("Reperage".utf8) + Data([0x20]))  // same length, other bytes
        let path = folder.appendingPathComponent("tampered.bundle")
        try tampered.write(to: path)
        let receiver = try network.node(TestNetwork.member)
        await #expect {
            try await CommitBundle.apply(at: path.path, to: receiver)
        } throws: { error in
            "\(error)".contains("signature") || "\(error)".contains("canonical")
        }
        #expect(try await receiver.vector() == VersionVector())
        // A CR inside a line (not before its LF) is part of the signed bytes and is refused too.
        var inner = data
        let brace = try #require(inner.range(of: Data("\"ops\"".utf8)))
        inner.insert(0x0D, at: brace.lowerBound)
        try inner.write(to: path)
        await #expect(throws: (any Error).self) { try await CommitBundle.apply(at: path.path, to: receiver) }
        #expect(try await receiver.vector() == VersionVector())
        _ = node
    }

    /// Converted twice (CR CR LF): refused in words, saying what happened and what to do.
    @Test func aBundleConvertedTwiceIsRefusedInWords() async throws {
        let (_, folder, data) = try await bundle()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("twice.bundle")
        try crlf(crlf(data)).write(to: path)
        #expect {
            try CommitBundle.read(at: path.path)
        } throws: { error in
            "\(error)".contains("line ends were converted (CRLF)") && "\(error)".contains("binary")
        }
    }
}
