import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive advisory lock (`flock`) on `<database>.serve-lock`, held by `mosaic serve` for its
/// whole life and by `mosaic restore` while it replaces the database, so that neither runs beside
/// the other. The kernel drops the lock when the process ends, even on SIGKILL.
public final class ServingLock: Sendable {
    private let descriptor: Int32
    /// The lock file's path.
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Takes the lock for the database at `databasePath` without waiting.
    /// - Throws: ``ServingLockError/held(path:holder:)`` when another process holds it (its pid is named),
    ///   ``ServingLockError/cannotOpen(path:reason:)`` when the lock file cannot be created.
    public static func acquire(databasePath: String) throws(ServingLockError) -> ServingLock {
        let path = databasePath + ".serve-lock"
        // A new node's database folder may not exist yet (the store creates it when it opens).
        let folder = (databasePath as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = read(descriptor, &buffer, buffer.count)
            close(descriptor)
            let holder =
                count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            throw .held(path: path, holder: holder)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
        return ServingLock(descriptor: descriptor, path: path)
    }
}

/// Why the serving lock could not be taken.
public enum ServingLockError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another process (a serving node, or a restore) holds it.
    case held(path: String, holder: String)
    /// The lock file cannot be opened or created.
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .held(let path, let holder):
            "a node is serving this database, or a restore is running (process \(holder) holds \(path)); "
                + "stop it first (`systemctl stop mosaic`, or Ctrl-C in its terminal), then try again"
        case .cannotOpen(let path, let reason):
            "cannot open the lock file \(path): \(reason); check that the database folder is writable by this user"
        }
    }
}
