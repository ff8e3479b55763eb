import Foundation
import MosaicCore
import MosaicStore

/// A bundle: the same signed commits a pull would carry, in a file, for members with poor
/// connectivity (a USB stick) and for tests. One header line, then one commit per line: its
/// base64 signature, a space, and the commit's exact signed bytes (canonical JSON has no line break):
///
///     {"bundle":"mosaic","commits":2,"from":"ecpat-be","vector":{…},"version":1}
///     <signature base64> {"hlc":[…],"ops":[…],"origin":"ecpat-be","seq":1,"stream":"public","v":1}
///
/// Only shared commits go in a bundle: local-only commits of private records never do. A bundle
/// whose line ends were converted to CRLF on the way is read as written (see ``lines(of:path:)``).
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
    public static func create(from catalogue: NodeCatalogue, since: VersionVector = VersionVector(), at path: String) async throws
        -> Summary
    {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "'\(path)' already exists: choose a new file name")
        }
        let (commits, _) = try await catalogue.commits(after: since, limit: .max)
        let vector = try await catalogue.vector()
        var text =
            String(decoding: header(from: catalogue.member, vector: vector, count: commits.count).canonicalBytes, as: UTF8.self) + "\n"
        var data = Data(text.utf8)
        for commit in commits {
            data.append(contentsOf: commit.signature.base64EncodedString().utf8)
            data.append(UInt8(ascii: " "))
            data.append(contentsOf: commit.bytes)
            data.append(0x0A)
        }
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw Failure(description: "cannot write '\(path)'")
        }
        return Summary(from: catalogue.member, vector: vector, commits: commits.count)
    }

    /// Reads a bundle file: its summary and its commits.
    public static func read(at path: String) throws -> (Summary, [SignedCommit]) {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "'\(path)': no such file") }
        var bytes = [UInt8](data)
        // A UTF-8 byte order mark (Windows Notepad adds one on save) stands before the header only,
        // never inside a signed commit's line: dropping it changes no signed byte.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let lines = try Self.lines(of: bytes, path: path)
        guard let first = lines.first, let header = try? JSONParser.parse(bytes[first]), let object = header.objectValue,
            object["bundle"]?.stringValue == "mosaic", object["version"]?.intValue == version,
            let from = object["from"]?.stringValue.flatMap(MemberID.init), let vector = object["vector"].flatMap(VersionVector.init(json:)),
            let count = object["commits"]?.intValue
        else { throw Failure(description: "'\(path)' is not a Mosaic bundle (its first line is not a bundle header)") }
        var commits: [SignedCommit] = []
        commits.reserveCapacity(lines.count - 1)
        for (offset, line) in lines.dropFirst().enumerated() {
            guard let space = bytes[line].firstIndex(of: UInt8(ascii: " ")),
                let signature = Data(base64Encoded: Data(bytes[line.lowerBound..<space])), signature.count == 64
            else { throw Failure(description: "'\(path)' line \(offset + 2): not a signature and a commit") }
            commits.append(SignedCommit(bytes: Array(bytes[(space + 1)..<line.upperBound]), signature: signature))
        }
        guard commits.count == count else {
            throw Failure(description: "'\(path)' holds \(commits.count) commits where its header says \(count): the file is truncated")
        }
        return (Summary(from: from, vector: vector, commits: commits.count), commits)
    }

    /// The lines of a bundle, without their line ends: LF, or CRLF when the file was converted on
    /// the way (an e-mail client, FTP in ASCII mode, git's autocrlf).
    ///
    /// Taking the CR off is safe for signatures: a commit is canonical JSON, which never holds a
    /// raw CR (JSON escapes control characters in strings and canonical form has no whitespace),
    /// so a CR before the LF is never part of the signed bytes, and the signature is still checked
    /// over the exact bytes that remain. A line with a second CR is refused in words.
    /// - Throws: ``Failure`` when a line ends in CR CR (converted twice).
    static func lines(of bytes: [UInt8], path: String) throws -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var start = 0
        func add(_ end: Int) throws {
            var end = end
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            if end > start, bytes[end - 1] == 0x0D {
                throw Failure(
                    description: "'\(path)' line \(lines.count + 1): the line ends were converted (CRLF) more than once on the way; "
                        + "copy the bundle as a binary file (not as text) and apply it again")
            }
            if end > start { lines.append(start..<end) }
        }
        for index in bytes.indices where bytes[index] == 0x0A {
            try add(index)
            start = index + 1
        }
        if start < bytes.count { try add(bytes.count) }
        return lines
    }

    /// Applies a bundle file to `catalogue`, all or nothing.
    public static func apply(at path: String, to catalogue: NodeCatalogue) async throws -> (Summary, ApplyOutcome) {
        let (summary, commits) = try read(at: path)
        let outcome = try await catalogue.apply(commits, relay: summary.from)
        return (summary, outcome)
    }

    /// Reads a version vector file: `{"origin": seq, …}` or a `mosaic status --json` output.
    public static func readVector(at path: String) throws -> VersionVector {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "'\(path)': no such file") }
        guard let json = try? JSONParser.parse(data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data) else {
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
