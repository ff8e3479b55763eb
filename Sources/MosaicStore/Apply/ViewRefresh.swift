import GRDB
import MosaicCore

/// Records whose stored view a migration marked as computed by an older merge (`view_refresh_pending`):
/// computed again from their operations once, at open, so that an upgraded node's views and digest
/// equal those of a node that received the same commits after the upgrade.
enum ViewRefresh {
    /// Records computed per transaction, so that a large catalogue never holds the write lock for long.
    static let batch = 2_000

    /// Computes again up to ``batch`` marked records and removes their marks, in the caller's transaction.
    /// - Returns: how many records were computed again.
    static func refresh(authority: Materializer.Authority, in db: Database) throws -> Int {
        let ids = try String.fetchAll(db, sql: "SELECT record FROM view_refresh_pending ORDER BY record LIMIT ?", arguments: [batch])
        let writer = RecordWriter(authority: authority)
        for text in ids {
            try db.execute(sql: "DELETE FROM view_refresh_pending WHERE record = ?", arguments: [text])
            guard let record = RecordID(text), let stored = try writer.load(record, in: db) else { continue }
            try writer.write(try writer.prepare(record, stored: stored, adding: []).get(), in: db, deferSearchIndex: false)
        }
        return ids.count
    }
}

extension NodeCatalogue {
    /// Computes again the views a migration marked (the stale languages of multilingual fields and the
    /// `translated` facet came with issue 17), in transactions of ``ViewRefresh/batch`` records; run at open.
    /// - Returns: how many records were computed again (0 when nothing waits).
    @discardableResult
    public func refreshPendingViews() throws -> Int {
        let authority = Materializer.Authority(directory)
        var total = 0
        // A read first: commands run beside a serving node open the catalogue too, and should not wait for its write lock.
        while try store.writer.read({ db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM view_refresh_pending)") }) == true {
            total += try store.writer.write { db in try ViewRefresh.refresh(authority: authority, in: db) }
        }
        return total
    }
}
