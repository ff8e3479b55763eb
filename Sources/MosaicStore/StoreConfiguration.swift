import GRDB

/// The one GRDB configuration of every connection to a node's database (the serving node, every
/// `mosaic` command beside it, tests).
enum StoreConfiguration {
    /// How long a connection waits for another process's lock before SQLite answers "database is locked".
    ///
    /// A node's database is shared by processes: `mosaic serve` applying pulled pages, and commands
    /// run beside it (`record edit`, `status`, `import`). Without a busy timeout SQLite refuses at
    /// once (`SQLITE_BUSY`) whenever another process holds the write lock, or the lock to switch to
    /// WAL or recover it, so commands and even `serve`'s start failed at random. The longest lock a
    /// node holds is one transaction (a pulled page, an import's batch), well under this bound.
    static let busyTimeoutSeconds: Double = 30

    /// The configuration: foreign keys on, and the busy timeout on every writing connection (GRDB
    /// applies `busyMode` with `sqlite3_busy_timeout` as it prepares each connection, before
    /// switching to WAL, which itself may wait while another process opens the file). A pool's
    /// read-only connections get GRDB's own 10 s: in WAL mode a reader waits only while a WAL is recovered.
    static func make() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeoutSeconds)
        return configuration
    }
}
