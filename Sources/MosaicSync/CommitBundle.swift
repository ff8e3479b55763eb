import Foundation
import MosaicCore
import MosaicStore

/// A bundle: the same signed commits a pull would carry, in a file, for members with poor
/// connectivity (a USB stick) and for tests. One header line, then one commit per line:
///
///     {"bundle":"mosaic","from":"ecpat-be","version":1,"commits":2,"vector":{…}}
///     {"commit":"{…exact signed bytes…}","signature":"…"}
///
/// Only shared commits go in a bundle: local-only commits of private records never do.
public enum CommitBundle {
    /// The bundle format version.
    public static let version: Int64 = 1

    /// Why a bundle cannot be written or read.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// What a bundle holds.
    public struct Summary: Sendable {
        /// The node that wrote it.
        public let from: MemberID
        /// The writer's version vector when it wrote the bundle.
        public let vector: VersionVector
        /// Commits in the file.
        public let commits: Int
    }

    /// Writes every shared commit that a holder of `since` lacks to a new file at `path`.
    /// - Throws: ``Failure`` when the file exists or cannot be written.
    @discardableResult
    public static func create(from catalogue: NodeCatalogue, since: VersionVector = VersionVector(), at path: String) async throws -> Summary {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "'\(path)' already exists: choose a new file name")
        }
        let (commits, _) = try await catalogue.commits(after: since, limit: .max)
        let vector = try await catalogue.vector()
        var text = String(decoding: header(from: catalogue.member, vector: vector, count: commits.count).canonicalBytes, as: UTF8.self) + "\n"
        for commit in commits { text += String(decoding: commit.json.canonicalBytes, as: UTF8.self) + "\n" }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw Failure(description: "cannot write '\(path)'")
        }
        return Summary(from: catalogue.member, vector: vector, commits: commits.count)
    }

    /// Reads a bundle file: its summary and its commits.
    public static func read(at path: String) throws -> (Summary, [SignedCommit]) {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "'\(path)': no such file") }
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: true).makeIterator()
        guard let first = lines.next(), let header = try? JSONParser.parse(first), let object = header.objectValue,
            object["bundle"]?.stringValue == "mosaic", object["version"]?.intValue == version,
            let from = object["from"]?.stringValue.flatMap(MemberID.init), let vector = object["vector"].flatMap(VersionVector.init(json:)),
            let count = object["commits"]?.intValue
        else { throw Failure(description: "'\(path)' is not a Mosaic bundle (its first line is not a bundle header)") }
        var commits: [SignedCommit] = []
        var lineNumber = 1
        while let line = lines.next() {
            lineNumber += 1
            guard let value = try? JSONParser.parse(line), let commit = SignedCommit(json: value) else {
                throw Failure(description: "'\(path)' line \(lineNumber): not a signed commit")
            }
            commits.append(commit)
        }
        guard commits.count == count else {
            throw Failure(description: "'\(path)' holds \(commits.count) commits where its header says \(count): the file is truncated")
        }
        return (Summary(from: from, vector: vector, commits: commits.count), commits)
    }

    /// Applies a bundle file to `catalogue`, all or nothing.
    public static func apply(at path: String, to catalogue: NodeCatalogue) async throws -> (Summary, ApplyOutcome) {
        let (summary, commits) = try read(at: path)
        let outcome = try await catalogue.apply(commits, relay: summary.from)
        return (summary, outcome)
    }

    /// Reads a version vector file: `{"origin": seq, …}` or a `mosaic status --json` output.
    public static func readVector(at path: String) throws -> VersionVector {
        guard let data = FileManager.default.contents(atPath: path), let json = try? JSONParser.parse(data) else {
            throw Failure(description: "'\(path)': not a JSON file")
        }
        guard let vector = VersionVector(json: json.objectValue?["vector"] ?? json) else {
            throw Failure(description: "'\(path)': expected a version vector {\"member-id\": seq, …} or `mosaic status --json` output")
        }
        return vector
    }

    private static func header(from member: MemberID, vector: VersionVector, count: Int) -> JSONValue {
        .object([
            "bundle": .string("mosaic"), "version": .int(version), "from": .string(member.rawValue), "vector": vector.json,
            "commits": .int(Int64(count)),
        ])
    }
}
