import GRDB

/// The schema's migrations: append-only, named, never using application types.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-node-identity") { db in
            try db.create(table: "node_identity") { table in
                table.column("singleton", .integer).primaryKey().check { $0 == 1 }
                table.column("member", .text).notNull()
                table.column("created_at", .datetime).notNull()
            }
        }
        return migrator
    }
}
