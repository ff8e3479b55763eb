import Foundation
import MosaicCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes private key files: created with mode 0600, never overwriting an existing file.
public enum KeyFileWriter {
    /// Why a key file could not be written.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        /// What went wrong, with the path.
        public let description: String
    }

    /// Writes `key` for `member` to a new file at `path`.
    /// - Throws: ``WriteError`` when the file exists or cannot be created.
    public static func write(_ key: MemberSigningKey, for member: MemberID, to path: String) throws(WriteError) {
        // A new node's key folder (`secrets/` in the README) is made here, readable by its owner only.
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw WriteError(description: "cannot create the folder '\(folder)' for the key file: \(error.localizedDescription)")
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let reason =
                errno == EEXIST
                ? "the file already exists; Mosaic never overwrites a key (move it away first)" : String(cString: strerror(errno))
            throw WriteError(description: "cannot write the key file '\(path)': \(reason)")
        }
        defer { close(descriptor) }
        // Mode 0600 even under a permissive umask.
        fchmod(descriptor, 0o600)
        let bytes = Array(key.fileText(for: member).utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            unlink(path)
            throw WriteError(description: "cannot write the key file '\(path)': \(String(cString: strerror(errno)))")
        }
    }
}
