import Foundation
import Logging
import MosaicStore
import ServiceLifecycle

/// Keeps the daily backups of a serving node (`backup:` in the configuration): checks once an hour,
/// on an injected clock, whether today's backup exists, writes it if not and prunes the oldest.
/// A failed backup is logged as an error and tried again at the next check; it never stops the node.
public struct DailyBackupService<C: Clock>: Service where C.Duration == Duration {
    let store: CatalogueStore
    let folder: BackupFolder
    let clock: C
    let now: @Sendable () -> Date
    let logger: Logger
    /// How often the folder is checked.
    public static var checkInterval: Duration { .seconds(3600) }

    public init(store: CatalogueStore, folder: BackupFolder, clock: C, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.store = store
        self.folder = folder
        self.clock = clock
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled {
            check()
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: Self.checkInterval) }
            } catch {
                return
            }
        }
    }

    /// One check: writes today's backup if it is due.
    func check() {
        do {
            if let report = try folder.backUpIfDue(store, now: now()) {
                logger.info("daily backup written", metadata: ["path": .string(report.path), "bytes": .stringConvertible(report.bytes)])
            }
        } catch {
            logger.error("daily backup failed: \(error)", metadata: ["folder": .string(folder.path)])
        }
    }
}
