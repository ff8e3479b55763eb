import Foundation
import MosaicCore

/// Writes a member file (`Members/<id>.yaml`) that ``MemberDirectoryLoader`` reads back to the
/// same ``Member``; never overwrites a file.
public enum MemberFileWriter {
    /// The file's text. Each value is written as a JSON string, which is also a YAML double-quoted
    /// scalar (YAML 1.2 §7.3.1), so a name holding `:`, `#` or quotes needs no YAML library here.
    public static func text(_ member: Member, comment: String? = nil) -> String {
        func quoted(_ text: String) -> String { String(decoding: JSONValue.string(text).canonicalBytes, as: UTF8.self) }
        var lines = comment.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)" } } ?? []
        lines += [
            "id: \(quoted(member.id.rawValue))",
            "name: \(quoted(member.name))",
            "country: \(quoted(member.country.rawValue))",
            "languages: [\(member.languages.map { quoted($0.rawValue) }.joined(separator: ", "))]",
        ]
        if let endpoint = member.endpoint { lines.append("endpoint: \(quoted(endpoint.absoluteString))") }
        lines += ["public_key: \(quoted(member.publicKey.base64))", "role: \(member.role.rawValue)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes `member`'s file into the folder `directory`.
    /// - Returns: the path written.
    /// - Throws: ``WriteError`` when the file exists or cannot be written.
    @discardableResult
    public static func write(_ member: Member, into directory: String, comment: String? = nil) throws(WriteError) -> String {
        let path = (directory as NSString).appendingPathComponent("\(member.id.rawValue).yaml")
        guard !FileManager.default.fileExists(atPath: path) else {
            throw WriteError(
                description: "\(path) already exists: \(member.id) already has a member file (edit it, or remove it first)")
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text(member, comment: comment).utf8)) else {
            throw WriteError(description: "cannot write \(path): check that the folder exists and is writable")
        }
        return path
    }

    /// Why a member file could not be written.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }
}
