import GRDB
import MosaicCore

/// The schema's migrations: append-only, named, never using application types.
enum StoreMigrations {
    /// Brings the schema up to date, safe beside other processes opening the same file: each
    /// migration runs in its own `BEGIN IMMEDIATE` transaction (GRDB's), which waits for the lock
    /// with the busy timeout; a process that lost the race to a concurrent start (which applied the
    /// same migrations meanwhile) finds them done and carries on.
    static func migrate(_ writer: any DatabaseWriter) throws {
        let migrator = self.migrator
        if try writer.read({ db in try migrator.hasCompletedMigrations(db) }) { return }
        do {
            try migrator.migrate(writer)
        } catch {
            guard try writer.read({ db in try migrator.hasCompletedMigrations(db) }) else { throw error }
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-node-identity") { db in
            try db.create(table: "node_identity") { table in
                table.column("singleton", .integer).primaryKey().check { $0 == 1 }
                table.column("member", .text).notNull()
                table.column("created_at", .datetime).notNull()
            }
        }
        migrator.registerMigration("v2-catalogue") { db in
            // Every commit exactly as signed; the log is append-only.
            try db.execute(
                sql: """
                    CREATE TABLE commit_log (
                        origin TEXT NOT NULL, stream TEXT NOT NULL, seq INTEGER NOT NULL,
                        hlc_wall INTEGER NOT NULL, hlc_counter INTEGER NOT NULL,
                        bytes BLOB NOT NULL, signature BLOB NOT NULL,
                        relay TEXT, received_at INTEGER NOT NULL,
                        PRIMARY KEY (origin, stream, seq)) WITHOUT ROWID;
                    CREATE TABLE version_vector (origin TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
                    CREATE TABLE node_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                    -- Small columns first, large ones last: filters and joins read a row's first
                    -- columns without walking the overflow pages of its operations and view.
                    CREATE TABLE record (
                        rowid INTEGER PRIMARY KEY,
                        id TEXT NOT NULL UNIQUE,
                        type TEXT, owner TEXT, private INTEGER NOT NULL DEFAULT 0, state TEXT,
                        title TEXT NOT NULL DEFAULT '',
                        updated_wall INTEGER NOT NULL DEFAULT 0, updated_counter INTEGER NOT NULL DEFAULT 0,
                        view_hash BLOB,
                        search_text TEXT NOT NULL DEFAULT '',
                        view TEXT,
                        ops BLOB NOT NULL);
                    CREATE INDEX record_listing ON record(state, type, title);
                    CREATE VIRTUAL TABLE record_search USING fts5(
                        search_text, content='record', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
                    CREATE TABLE record_facet (
                        facet TEXT NOT NULL, value TEXT NOT NULL, record INTEGER NOT NULL,
                        PRIMARY KEY (facet, value, record)) WITHOUT ROWID;
                    CREATE INDEX record_facet_by_record ON record_facet(record);
                    CREATE TABLE open_conflict (id TEXT PRIMARY KEY, record TEXT NOT NULL, field TEXT NOT NULL) WITHOUT ROWID;
                    CREATE INDEX open_conflict_by_record ON open_conflict(record);
                    CREATE TABLE open_proposal (
                        id TEXT PRIMARY KEY, record TEXT NOT NULL, author TEXT NOT NULL,
                        hlc_wall INTEGER NOT NULL, hlc_counter INTEGER NOT NULL) WITHOUT ROWID;
                    CREATE INDEX open_proposal_by_record ON open_proposal(record);
                    """)
        }
        migrator.registerMigration("v3-peer-state") { db in
            try db.execute(
                sql: """
                    CREATE TABLE peer_state (
                        peer TEXT PRIMARY KEY,
                        last_attempt INTEGER, last_success INTEGER,
                        last_error TEXT, last_error_kind TEXT,
                        consecutive_failures INTEGER NOT NULL DEFAULT 0,
                        commits_received INTEGER NOT NULL DEFAULT 0, bytes_received INTEGER NOT NULL DEFAULT 0,
                        lag INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v4-accounts") { db in
            // Local accounts of the web interface and API: never synced. Only hashes of secrets are kept.
            try db.execute(
                sql: """
                    CREATE TABLE account (
                        name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
                    CREATE TABLE session (
                        token_hash BLOB PRIMARY KEY, account TEXT NOT NULL REFERENCES account(name) ON DELETE CASCADE,
                        expires_at INTEGER NOT NULL) WITHOUT ROWID;
                    CREATE TABLE api_token (
                        token_hash BLOB PRIMARY KEY, account TEXT NOT NULL REFERENCES account(name) ON DELETE CASCADE,
                        label TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID;
                    CREATE INDEX record_changed ON record(state, updated_wall DESC, updated_counter DESC);
                    CREATE INDEX record_by_title ON record(state, title, id);
                    """)
        }
        migrator.registerMigration("v5-record-touched") { db in
            // Which rows changed since a given point, for indexes kept in memory (the facet counts):
            // every write of a record stamps it with one more than the largest stamp so far.
            try db.execute(
                sql: """
                    ALTER TABLE record ADD COLUMN touched INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX record_touched ON record(touched);
                    """)
        }
        migrator.registerMigration("issue-ops-own-commit-recovery") { db in
            // Peers a restored node must pull from before it signs again (see OwnCommitRecovery).
            try db.execute(sql: "CREATE TABLE own_commit_recovery (peer TEXT PRIMARY KEY) WITHOUT ROWID")
        }
        migrator.registerMigration("issue-server-v6-sync-nonce") { db in
            // Nonces of signed sync requests, kept until their signature window has passed so that a
            // request replayed after a restart is still refused (RFC 9421 section 7.2.2).
            try db.execute(
                sql: """
                    CREATE TABLE sync_nonce (
                        member TEXT NOT NULL, nonce TEXT NOT NULL, expires_at INTEGER NOT NULL,
                        PRIMARY KEY (member, nonce)) WITHOUT ROWID;
                    CREATE INDEX sync_nonce_expiry ON sync_nonce(expires_at);
                    """)
        }
        migrator.registerMigration("issue-text-search-folding") { db in
            // The index holds text folded by SearchFolding, the folding every query gets; its tokenizer
            // removes no diacritic (the folding decides: it keeps й). Folding the stored text again
            // equals folding each part (the folding works letter by letter). The function is Core's
            // one folding on purpose: a second copy here could drift from what queries get; a change
            // of the folding table needs a migration like this one. The function stays registered on this
            // connection (SQLite refuses to remove it while statements are cached); it is pure.
            db.add(
                function: DatabaseFunction("mosaic_issue_text_fold", argumentCount: 1, pure: true) { values in
                    String.fromDatabaseValue(values[0]).map(SearchFolding.fold)
                })
            try db.execute(
                sql: """
                    DROP TABLE record_search;
                    UPDATE record SET search_text = mosaic_issue_text_fold(search_text) WHERE search_text != '';
                    CREATE VIRTUAL TABLE record_search USING fts5(
                        search_text, content='record', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0');
                    INSERT INTO record_search(record_search) VALUES('rebuild');
                    """)
        }
        migrator.registerMigration("issue-text-facet-nfc") { db in
            // Facet values are indexed in NFC (canonically equivalent tags are one): bring the values
            // stored before to that form; two that become one keep one row.
            let rows = try Row.fetchAll(db, sql: "SELECT facet, value, record FROM record_facet")
            for row in rows {
                let value: String = row[1]
                let normal = NormalForm.nfc(value)
                guard Array(normal.utf8) != Array(value.utf8) else { continue }
                try db.execute(
                    sql: "DELETE FROM record_facet WHERE facet = ? AND value = ? AND record = ?",
                    arguments: [row[0] as String, value, row[2] as Int64])
                try db.execute(
                    sql: "INSERT OR IGNORE INTO record_facet (facet, value, record) VALUES (?, ?, ?)",
                    arguments: [row[0] as String, normal, row[2] as Int64])
            }
        }
        migrator.registerMigration("issue-versions-pending-operation") { db in
            // Operations of a newer protocol version than the node understands: their commits are in
            // commit_log (relayed byte for byte); these rows mark the records that need a newer Mosaic
            // and are applied, then removed, once an upgraded node understands them (PendingOperations).
            try db.execute(
                sql: """
                    CREATE TABLE pending_operation (
                        origin TEXT NOT NULL, stream TEXT NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL,
                        record TEXT NOT NULL, kind TEXT NOT NULL, minor INTEGER NOT NULL,
                        PRIMARY KEY (origin, stream, seq, idx)) WITHOUT ROWID;
                    CREATE INDEX pending_operation_by_record ON pending_operation(record);
                    """)
        }
        migrator.registerMigration("issue-versions-peer-version") { db in
            // The software and protocol versions a peer last announced (Mosaic-Software, Mosaic-Protocol).
            try db.execute(
                sql: """
                    ALTER TABLE peer_state ADD COLUMN peer_software TEXT;
                    ALTER TABLE peer_state ADD COLUMN peer_protocol TEXT;
                    """)
        }
        migrator.registerMigration("issue-directory-1-directory-op") { db in
            // The directory operations held (issue 15), one row per operation, kept beside the commit
            // log so that the effective directory is folded without decoding every commit.
            try db.execute(
                sql: """
                    CREATE TABLE directory_op (
                        origin TEXT NOT NULL, seq INTEGER NOT NULL, idx INTEGER NOT NULL,
                        hlc_wall INTEGER NOT NULL, hlc_counter INTEGER NOT NULL, op BLOB NOT NULL,
                        PRIMARY KEY (origin, seq, idx)) WITHOUT ROWID
                    """)
        }
        migrator.registerMigration("issue-syncmap-sync-caller") { db in
            // The members that pulled from this node (or that a caller reported), one row per member,
            // replaced by a newer sighting: the sync map of the federation (SyncCallers); and what was
            // last reported of each to each peer, so that a report carries only what changed.
            try db.execute(
                sql: """
                    CREATE TABLE sync_caller (
                        member TEXT PRIMARY KEY, vector TEXT NOT NULL, pulled_at INTEGER NOT NULL,
                        software TEXT, protocol TEXT, reported_by TEXT) WITHOUT ROWID;
                    CREATE TABLE sync_caller_sent (
                        peer TEXT NOT NULL, member TEXT NOT NULL, fingerprint TEXT NOT NULL, pulled_at INTEGER NOT NULL,
                        PRIMARY KEY (peer, member)) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("issue-fresh-refresh-views") { db in
            // Views gained the stale languages of multilingual fields and facets the `translated`
            // languages (issue 17 point 2): every record is computed again once, at the next open
            // (NodeCatalogue.refreshPendingViews), where the merge and the directory are at hand.
            try db.execute(
                sql: """
                    CREATE TABLE view_refresh_pending (record TEXT PRIMARY KEY) WITHOUT ROWID;
                    INSERT INTO view_refresh_pending (record) SELECT id FROM record;
                    """)
        }
        return migrator
    }
}
