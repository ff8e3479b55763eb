import Logging
import MosaicStore
import ServiceLifecycle

/// The last full `PRAGMA integrity_check` of the node's database, for `/metrics`.
actor IntegrityRecord {
    /// One check's outcome.
    struct Result: Sendable, Equatable {
        /// Whether SQLite answered "ok".
        var ok: Bool
        /// When it finished, milliseconds since 1970.
        var at: Int64
    }

    /// The latest result; `nil` before the first check.
    private(set) var last: Result?
    /// Every result as it is recorded (for tests that wait for a check).
    nonisolated let updates: AsyncStream<Result>
    private let continuation: AsyncStream<Result>.Continuation

    init() { (updates, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(16)) }

    func record(_ result: Result) {
        last = result
        continuation.yield(result)
    }
}

/// Runs the full `PRAGMA integrity_check` when the node starts and then every `interval`
/// (default a day) on the injected clock, recording each result in an ``IntegrityRecord``.
/// A `Service`: it runs under the node's `ServiceGroup` and stops on graceful shutdown.
/// (The check reads the whole database: it is kept off `/healthz`, which anyone may probe.)
struct IntegrityWatch<C: Clock>: Service where C.Duration == Duration {
    let store: CatalogueStore
    let record: IntegrityRecord
    let clock: C
    let interval: Duration
    let nowMillis: @Sendable () -> Int64
    let logger: Logger

    init(
        store: CatalogueStore, record: IntegrityRecord, clock: C, interval: Duration = .seconds(86_400),
        nowMillis: @escaping @Sendable () -> Int64, logger: Logger
    ) {
        self.store = store
        self.record = record
        self.clock = clock
        self.interval = interval
        self.nowMillis = nowMillis
        self.logger = logger
    }

    /// Checks every `interval` until graceful shutdown, then returns normally: the sleep that
    /// shutdown cancels is the expected way out, not a failure (rethrowing its `CancellationError`
    /// made the `ServiceGroup` cancel the other services and `mosaic serve` end in an error on Ctrl-C).
    func run() async throws {
        await cancelWhenGracefulShutdown {
            // Deadlines count from the start, so a slow check does not push the next ones later.
            var next = clock.now
            while !Task.isCancelled {
                await checkOnce()
                next = next.advanced(by: interval)
                do {
                    try await clock.sleep(until: next, tolerance: nil)
                } catch {
                    return
                }
            }
        }
    }

    /// One check, recorded and logged (an error is logged and recorded as a failure).
    func checkOnce() async {
        let ok: Bool
        do {
            ok = try await store.integrityCheck()
        } catch {
            logger.error("integrity check could not run: \(error)")
            ok = false
        }
        if ok {
            logger.info("integrity check: ok")
        } else {
            logger.critical("integrity check failed: the database is damaged: stop the node and restore its latest backup")
        }
        await record.record(.init(ok: ok, at: nowMillis()))
    }
}
