import Foundation
import GRDB
import MosaicStore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The crash or storage fault that the crash tests ask one `mosaic` process for, read from its
/// environment here, at the command line's entry, and injected into the store as a ``CrashHook``
/// (the store itself reads no environment):
/// - `MOSAIC_CRASH_AT=NAME`: the process kills itself with SIGKILL when it reaches `NAME`
///   (`MOSAIC_CRASH_SKIP=N`: at the N+1-th time it is reached; default 0, the first).
/// - `MOSAIC_FAULT_AT=NAME`: reaching `NAME` throws a storage error as SQLite would on a full disk
///   (`MOSAIC_FAULT_KIND=io`: an I/O error instead); `MOSAIC_CRASH_SKIP` counts as above.
enum TestFaults {
    /// The hook the environment asks for, or ``CrashHook/none`` when neither variable is set.
    /// A misspelt point name stops the process at once (it would silently test nothing).
    static func hook(environment: [String: String] = ProcessInfo.processInfo.environment) -> CrashHook {
        guard let armed = ArmedCrashPoint(environment: environment) else { return .none }
        return CrashHook { point in try armed.reached(point) }
    }
}

/// The crash or fault the environment asks for, and how many times its point was reached.
final class ArmedCrashPoint: Sendable {
    /// What happens at the point.
    enum Action: Sendable {
        case kill
        case fault(ResultCode)
    }

    let point: CrashPoint
    let action: Action
    let skip: Int
    private let reached = Mutex(0)

    init?(environment: [String: String]) {
        if let name = environment["MOSAIC_CRASH_AT"], !name.isEmpty {
            guard let point = CrashPoint(rawValue: name) else { Self.refuse(name) }
            self.point = point
            action = .kill
        } else if let name = environment["MOSAIC_FAULT_AT"], !name.isEmpty {
            guard let point = CrashPoint(rawValue: name) else { Self.refuse(name) }
            self.point = point
            action = .fault(environment["MOSAIC_FAULT_KIND"] == "io" ? .SQLITE_IOERR : .SQLITE_FULL)
        } else {
            return nil
        }
        skip = environment["MOSAIC_CRASH_SKIP"].flatMap { Int($0) } ?? 0
    }

    func reached(_ point: CrashPoint) throws {
        guard point == self.point else { return }
        let count = reached.withLock { count in
            count += 1
            return count
        }
        guard count == skip + 1 else { return }
        switch action {
        case .kill:
            kill(getpid(), SIGKILL)
            while true { pause() }
        case .fault(let code):
            throw DatabaseError(
                resultCode: code,
                message: "\(code == .SQLITE_FULL ? "database or disk is full" : "disk I/O error") (injected at \(point.rawValue))")
        }
    }

    /// A misspelt point would silently test nothing: stop at once instead.
    private static func refuse(_ name: String) -> Never {
        let known = CrashPoint.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("mosaic: unknown crash point '\(name)'; known points: \(known)\n".utf8))
        exit(70)
    }
}
