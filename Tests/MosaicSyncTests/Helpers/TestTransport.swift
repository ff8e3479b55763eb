import MosaicSync

/// The live transport the tests' nodes pull with: one per test process, as in a node. It runs on
/// AsyncHTTPClient's process-wide event loop group, so it owns no threads, and as a static it is
/// never released (an `HTTPClient` must be shut down before release; a test that stops early must
/// not crash the run).
enum TestTransport {
    static let live = LivePeerTransport()
}
