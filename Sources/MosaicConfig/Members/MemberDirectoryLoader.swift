import Foundation
import MosaicCore

/// Loads the member directory: every `*.yaml` file of a folder, each checked on its own,
/// then checked together (unique ids, unique public keys).
public enum MemberDirectoryLoader {
    /// The directory at `path`, or every problem found in it.
    /// - Parameter path: the folder holding one YAML file per member.
    public static func load(path: String) -> Result<MemberDirectory, ConfigProblems> {
        var problems: [ConfigProblem] = []
        let directory = load(path: path, reportedAt: nil, problems: &problems)
        return problems.isEmpty ? .success(directory) : .failure(ConfigProblems(problems))
    }

    /// Loads what it can, appending problems. `reportedAt` is where to point when the folder
    /// itself is wrong (the `members_dir` key of a node config).
    static func load(path: String, reportedAt: SourceLocation?, problems: inout [ConfigProblem]) -> MemberDirectory {
        let folder = SourceLocation(file: DisplayPath.show(path), line: 1, column: 1)
        let here = reportedAt ?? folder
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
            let names = try? FileManager.default.contentsOfDirectory(atPath: path)
        else {
            problems.append(
                here.problem(
                    key: "members_dir", found: "no folder at '\(DisplayPath.show(path))'", expected: "the folder of member files (Members/)"
                ))
            return MemberDirectory([])
        }
        var members: [Member] = []
        var firstFileByID: [MemberID: String] = [:]
        var firstFileByKey: [MemberPublicKey: String] = [:]
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let filePath = (path as NSString).appendingPathComponent(name)
            let stem = String(name.prefix(upTo: name.lastIndex(of: ".")!))
            let file: YAMLFile
            do {
                file = try YAMLFile(path: filePath, displayPath: DisplayPath.show(filePath))
            } catch {
                problems.append(error)
                continue
            }
            guard let (member, reader) = MemberFile.read(file, expectedID: stem, problems: &problems) else { continue }
            if let first = firstFileByID[member.id] {
                problems.append(
                    reader.valueLocation("id").problem(
                        key: "id", found: "the id '\(member.id)', already used by \(first)", expected: "one file per member id"))
                continue
            }
            if let first = firstFileByKey[member.publicKey] {
                problems.append(
                    reader.valueLocation("public_key").problem(
                        key: "public_key", found: "the same public key as \(first)",
                        expected: "a key of this member's own (`mosaic keys generate`)"))
                continue
            }
            firstFileByID[member.id] = file.displayPath
            firstFileByKey[member.publicKey] = file.displayPath
            members.append(member)
        }
        if firstFileByID.isEmpty && !problems.contains(where: { $0.file.hasPrefix(folder.file) }) {
            problems.append(
                here.problem(key: "members_dir", found: "no member files in '\(folder.file)'", expected: "one <id>.yaml file per member"))
        }
        return MemberDirectory(members)
    }
}
