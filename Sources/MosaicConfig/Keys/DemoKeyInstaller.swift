import Foundation
import MosaicCore

/// Creates the demo network's private keys on first start, where the demo node
/// configurations expect them (an ignored folder, mode 0600).
public enum DemoKeyInstaller {
    /// Writes the demo key of the configuration's member when the configuration says
    /// `demo: true` and its key file does not exist yet.
    /// - Returns: the path written, or `nil` when nothing was needed.
    /// - Throws: a ``ConfigProblem`` or ``KeyFileWriter/WriteError`` when the file cannot be read or the key written.
    @discardableResult
    public static func installKey(forConfig path: String) throws -> String? {
        let absolute = DisplayPath.resolve(path, against: FileManager.default.currentDirectoryPath)
        let file = try YAMLFile(path: absolute, displayPath: path)
        var reader = MappingReader(file.root, file: path, path: "", allowed: NodeConfigLoader.keys)
        guard reader.boolean("demo") == true,
            let member = reader.string("member", expected: "a member id").flatMap(MemberID.init),
            let keyFile = reader.string("key_file", expected: "a path")
        else { return nil }
        let keyPath = DisplayPath.resolve(keyFile, against: (absolute as NSString).deletingLastPathComponent)
        guard !FileManager.default.fileExists(atPath: keyPath) else { return nil }
        try FileManager.default.createDirectory(
            atPath: (keyPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        try KeyFileWriter.write(DemoKeys.signingKey(for: member), for: member, to: keyPath)
        return keyPath
    }
}
