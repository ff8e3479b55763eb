import Foundation
import Logging
import MosaicCore
import MosaicStore
import MosaicSync
import Testing

/// A clock for tests: each sleep returns at once and moves the clock to its deadline; after
/// `sleeps` sleeps the next one throws `CancellationError`, which ends a service's loop.
final class SteppingClock: Clock, @unchecked Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let lock = NSLock()
    private var current = Instant(offset: .zero)
    private var slept = 0
    let sleeps: Int

    init(sleeps: Int) { self.sleeps = sleeps }

    var now: Instant { lock.withLock { current } }
    var minimumResolution: Duration { .zero }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try lock.withLock {
            slept += 1
            if slept > sleeps { throw CancellationError() }
            current = max(current, deadline)
        }
    }
}

/// The serving node's daily backups, on an injected clock.
@Suite struct DailyBackupServiceTests {
    @Test func fiveDaysOfHourlyChecksKeepTheNewestThreeDailyBackups() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-daily-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/backups", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let member = MemberID("alpha")!
        let store = try CatalogueStore(path: dir + "/alpha.sqlite", member: member)
        let clock = SteppingClock(sleeps: 5 * 24)  // hourly checks for five days
        let start = Date(timeIntervalSince1970: 1_763_944_200)  // 2025-11-24 00:30 UTC
        let service = DailyBackupService(
            store: store, folder: BackupFolder(path: dir + "/backups", member: member, keep: 3), clock: clock,
            now: { start.addingTimeInterval(Double(clock.now.offset.components.seconds)) }, logger: Logger(label: "test"))

        try await service.run()

        let names = try FileManager.default.contentsOfDirectory(atPath: dir + "/backups").sorted()
        #expect(names == ["alpha-2025-11-27.sqlite", "alpha-2025-11-28.sqlite", "alpha-2025-11-29.sqlite"])
    }

    @Test func aFailedBackupDoesNotStopTheService() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mosaic-daily-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let member = MemberID("alpha")!
        let store = try CatalogueStore(path: dir + "/alpha.sqlite", member: member)
        let clock = SteppingClock(sleeps: 3)
        // The folder does not exist: every check fails, is logged, and the loop goes on until the clock stops it.
        let service = DailyBackupService(
            store: store, folder: BackupFolder(path: dir + "/missing", member: member, keep: 3), clock: clock,
            now: { Date(timeIntervalSince1970: 1_763_944_200) }, logger: Logger(label: "test"))
        try await service.run()
        #expect(clock.now.offset == .seconds(3 * 3600))
    }
}
