import GRDB

/// The event log's schema: named, append-only migrations run by GRDB's migrator.
///
/// Never edit or reorder a migration that has shipped; add a new one and bump `version`.
/// `PRAGMA user_version` mirrors `version`, so a newer program's database is recognised even by
/// tools that do not know GRDB's migration table.
enum StoreSchema {
    /// The number of migrations this program knows.
    static let version = 3

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 events and snapshots") { db in
            try db.execute(sql: """
                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY,
                    id TEXT NOT NULL UNIQUE,
                    type TEXT NOT NULL,
                    task_id TEXT,
                    related_task_id TEXT,
                    actor TEXT NOT NULL,
                    timestamp INTEGER NOT NULL,
                    payload TEXT NOT NULL,
                    schema_version INTEGER NOT NULL
                );
                CREATE INDEX events_by_task ON events(task_id, seq);
                CREATE INDEX events_by_related_task ON events(related_task_id, seq) WHERE related_task_id IS NOT NULL;
                CREATE INDEX events_by_type ON events(type, seq);
                CREATE INDEX events_by_time ON events(timestamp, seq);
                CREATE TABLE snapshots (
                    seq INTEGER PRIMARY KEY,
                    board TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                """)
        }
        // The by-task indexes keyed by (block of 512 seqs, task): an append touches the few index
        // pages of the current block instead of one random page per event (the old by-task index was
        // 60 % of the bytes every commit wrote). Reads by task seek once per block (EventReader).
        // The expression must stay exactly `seq >> 9`: EventReader's by-task query matches it.
        migrator.registerMigration("v2 task indexes by seq block") { db in
            try db.execute(sql: """
                DROP INDEX events_by_task;
                DROP INDEX events_by_related_task;
                CREATE INDEX events_by_task_block ON events(seq >> 9, task_id);
                CREATE INDEX events_by_related_task_block ON events(seq >> 9, related_task_id)
                    WHERE related_task_id IS NOT NULL;
                """)
        }
        // The by-type index keyed by (block, type) for the same reason: with (type, seq), every commit
        // touched one leaf page per event type (27 of a 64-event commit's 61 WAL frames); now it
        // touches the current block's one or two. Reads by type seek once per block (EventReader).
        migrator.registerMigration("v3 type index by seq block") { db in
            try db.execute(sql: """
                DROP INDEX events_by_type;
                CREATE INDEX events_by_type_block ON events(seq >> 9, type);
                """)
        }
        return migrator
    }

    /// Refuses a database that is not ours or that a newer schema wrote.
    static func checkCompatible(_ db: Database, path: String) throws {
        let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let hasMigrations = try db.tableExists("grdb_migrations")
        if !hasMigrations {
            let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
            if tables > 0 || userVersion != 0 { throw StoreError.notADatabase(path: path) }
            return
        }
        let migrator = Self.migrator
        let superseded = try migrator.hasBeenSuperseded(db)
        if userVersion > version || superseded {
            let applied = try migrator.appliedIdentifiers(db).count
            throw StoreError.newerSchema(path: path, found: "\(max(userVersion, applied))", known: "\(version)")
        }
    }

    /// Brings the schema up to date (a no-op when it is).
    static func migrate(_ writer: some DatabaseWriter, path: String) throws {
        try writer.read { try checkCompatible($0, path: path) }
        try migrator.migrate(writer)
        try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = \(version)") }
    }
}
