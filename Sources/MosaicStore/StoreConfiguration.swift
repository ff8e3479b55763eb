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

    /// The configuration: foreign keys on, and a busy timeout on every connection GRDB opens
    /// (writer and readers of a pool alike).
    static func make() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeoutSeconds)
        configuration.prepareDatabase { db in
            // GRDB installs the busy handler from `busyMode` on each connection; stating the timeout
            // as a pragma too keeps it on connections SQLite reopens itself (none today) and makes
            // it visible to `PRAGMA busy_timeout` in tests.
            try db.execute(sql: "PRAGMA busy_timeout = \(Int(busyTimeoutSeconds * 1000))")
        }
        return configuration
    }
}
