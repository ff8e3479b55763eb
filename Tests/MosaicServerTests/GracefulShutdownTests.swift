import Logging
import MosaicStore
import MosaicSync
import ServiceLifecycle
import Testing

@testable import MosaicServer

/// A node's background services end quietly on graceful shutdown (SIGINT, SIGTERM): the
/// `ServiceGroup` they run in returns without an error, so Ctrl-C on `mosaic serve` or
/// `mosaic demo` neither cancels the HTTP servers mid-request nor prints `CancellationError`.
@Suite struct GracefulShutdownTests {
    let auth = SyncAuthenticationTests()

    @Test func theIntegrityWatchReturnsNormallyOnGracefulShutdown() async throws {
        let (_, catalogue) = try auth.node()
        let record = IntegrityRecord()
        let watch = IntegrityWatch(
            store: catalogue.store, record: record, clock: ManualClock(), interval: .seconds(86_400), nowMillis: { 0 },
            logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [watch], logger: Logger(label: "test")))
        let run = Task { try await group.run() }
        var updates = record.updates.makeAsyncIterator()
        #expect(await updates.next()?.ok == true)  // the first check ran; the watch now sleeps
        await group.triggerGracefulShutdown()
        let result = await run.result
        #expect(throws: Never.self) { try result.get() }
    }
}
