import GRDB
import Logging

/// The event log's schema: named, append-only migrations run by GRDB's migrator.
///
/// Never edit or reorder a migration that has shipped; add a new one and bump `version`.
/// `PRAGMA user_version` mirrors `version`, so a newer program's database is recognised even by
/// tools that do not know GRDB's migration table.
enum StoreSchema {
    /// The number of migrations this program knows.
    static let version = 4

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
        // The by-task, by-related-task and by-type indexes give way to block summaries (EventBlocks):
        // one row per (block of 512 seqs, kind, key) listing the block's seqs, written once when the
        // block is complete, in the transaction that completes it. Maintaining the three indexes on
        // every append was a third of the serial commit's cost (Benchmarks/STORE.md, third round).
        // Reads seek the summaries once per complete block and scan the unfinished block's rows.
        // Kinds: 'task' (task_id), 'related' (related_task_id), 'type' (type). Seqs: a JSON array.
        migrator.registerMigration("v4 block summaries") { db in
            try db.execute(sql: """
                DROP INDEX events_by_task_block;
                DROP INDEX events_by_related_task_block;
                DROP INDEX events_by_type_block;
                CREATE TABLE event_blocks (
                    block INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    key TEXT NOT NULL,
                    seqs TEXT NOT NULL,
                    PRIMARY KEY (block, kind, key)
                ) WITHOUT ROWID;
                WITH complete(upto) AS (SELECT ((coalesce(max(seq), 0) + 1) >> 9) << 9 FROM events)
                INSERT INTO event_blocks (block, kind, key, seqs)
                    SELECT seq >> 9, 'task', task_id, json_group_array(seq) FROM events
                        WHERE task_id IS NOT NULL AND seq < (SELECT upto FROM complete) GROUP BY seq >> 9, task_id
                    UNION ALL
                    SELECT seq >> 9, 'related', related_task_id, json_group_array(seq) FROM events
                        WHERE related_task_id IS NOT NULL AND seq < (SELECT upto FROM complete) GROUP BY seq >> 9, related_task_id
                    UNION ALL
                    SELECT seq >> 9, 'type', type, json_group_array(seq) FROM events
                        WHERE seq < (SELECT upto FROM complete) GROUP BY seq >> 9, type;
                """)
        }
        return migrator
    }

    /// Refuses a database that is not ours or that a newer schema wrote.
    static func checkCompatible(_ db: Database, path: String) throws {
        let hasMigrations = try db.tableExists("grdb_migrations")
        try checkCompatible(
            userVersion: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
            tables: try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0,
            appliedMigrations: hasMigrations ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : nil,
            path: path)
    }

    /// The decision of `checkCompatible(_:path:)` from what the database holds: `PRAGMA user_version`,
    /// its number of tables and the identifiers in `grdb_migrations` (`nil` when there is no such table).
    /// Used as well by the start-up check, whose connection is not GRDB's (`DatabaseIntegrityCheck`).
    static func checkCompatible(userVersion: Int, tables: Int, appliedMigrations: [String]?, path: String) throws(StoreError) {
        guard let appliedMigrations else {
            if tables > 0 || userVersion != 0 { throw .notADatabase(path: path) }
            return
        }
        let known = Set(migrator.migrations)
        if userVersion > version || !Set(appliedMigrations).isSubset(of: known) {
            throw .newerSchema(path: path, found: "\(max(userVersion, appliedMigrations.count))", known: "\(version)")
        }
    }

    /// Brings the schema up to date (a no-op when it is). Upgrading a log that holds events says so
    /// first: rebuilding its read structures takes a few seconds per million events.
    static func migrate(_ writer: some DatabaseWriter, path: String, logger: Logger = Logger(label: "isomorphiq.store")) throws {
        let (applied, events) = try writer.read { db -> (Int, Int64) in
            try checkCompatible(db, path: path)
            guard try db.tableExists("events") else { return (0, 0) }
            return (try migrator.appliedIdentifiers(db).count, try Int64.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM events") ?? 0)
        }
        if applied < version && events > 0 {
            logger.notice(
                "upgrading the event log to schema \(version); this happens once and takes about 4 s per million events",
                metadata: ["path": "\(path)", "from": "\(applied)", "events": "\(events)"])
        }
        try migrator.migrate(writer)
        try writer.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = \(version)") }
    }
}
