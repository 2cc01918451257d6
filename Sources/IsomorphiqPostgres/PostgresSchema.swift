import Logging
import PostgresNIO

/// The tables of the shared log, created or upgraded once however many instances start together:
/// migrations run under a session advisory lock, and each is recorded in `isomorphiq_meta`.
///
/// - `isomorphiq_events`: one row per event, `seq` the primary key, assigned by `isomorphiq_append`.
/// - `isomorphiq_snapshots`: board snapshots (a cache of the log).
/// - `isomorphiq_append_after(expected, reads, ...)`: the one way rows are added (see
///   `PostgresEventStore`; `isomorphiq_append` of schema 1 is kept for instances not yet upgraded).
enum PostgresSchema {
    /// The schema version this program writes.
    static let version = 4
    /// `pg_advisory_lock` keys: migrations, and the append lock (held until each append commits).
    static let migrationLock: Int64 = 0x1503_0001
    static let appendLock: Int64 = 0x1503_0002
    /// The `NOTIFY` channel; the payload is a seq through which the log is on disk (sent by the
    /// writer's flush barrier, `PostgresEventStore.flushed(through:)`).
    static let channel = "isomorphiq_events"
    /// The `NOTIFY` channel of token changes (no payload).
    static let tokenChannel = "isomorphiq_tokens"
    /// The `NOTIFY` channel of presence: `connected|disconnected` + the instance + the client, JSON.
    static let presenceChannel = "isomorphiq_presence"

    static let migrations: [(version: Int, statements: [String])] = [
        (1, [
            """
            CREATE TABLE IF NOT EXISTS isomorphiq_events (
                seq BIGINT PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                type TEXT NOT NULL,
                task_id TEXT,
                related_task_id TEXT,
                actor TEXT NOT NULL,
                ts BIGINT NOT NULL,
                payload TEXT NOT NULL,
                schema_version INT NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS isomorphiq_events_task ON isomorphiq_events (task_id, seq)",
            "CREATE INDEX IF NOT EXISTS isomorphiq_events_related ON isomorphiq_events (related_task_id, seq)",
            "CREATE INDEX IF NOT EXISTS isomorphiq_events_type ON isomorphiq_events (type, seq)",
            """
            CREATE TABLE IF NOT EXISTS isomorphiq_snapshots (
                seq BIGINT PRIMARY KEY,
                board TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            // Appends `ids` etc. as seqs head+1, head+2, … under the append lock, only if the log's
            // head is still `expected` (-1: whatever it is). Returns the head before the append, or
            // -(head) - 1 when it had moved (nothing stored). The lock is held until commit, and each
            // statement of the function reads a fresh snapshot, so seqs become visible in order.
            """
            CREATE OR REPLACE FUNCTION isomorphiq_append(
                expected BIGINT, ids TEXT[], types TEXT[], tasks TEXT[], related TEXT[], actors TEXT[],
                stamps BIGINT[], payloads TEXT[], versions INT[]
            ) RETURNS BIGINT LANGUAGE plpgsql AS $$
            DECLARE head BIGINT;
            BEGIN
                PERFORM pg_advisory_xact_lock(\(appendLock));
                SELECT coalesce(max(seq), 0) INTO head FROM isomorphiq_events;
                IF expected >= 0 AND head <> expected THEN
                    RETURN -head - 1;
                END IF;
                INSERT INTO isomorphiq_events (seq, id, type, task_id, related_task_id, actor, ts, payload, schema_version)
                    SELECT head + n, i, t, NULLIF(tk, ''), NULLIF(r, ''), a, s, p, v
                    FROM unnest(ids, types, tasks, related, actors, stamps, payloads, versions)
                        WITH ORDINALITY AS u(i, t, tk, r, a, s, p, v, n);
                PERFORM pg_notify('\(channel)', (head + cardinality(ids))::text);
                RETURN head;
            END $$
            """,
            "CREATE TABLE IF NOT EXISTS isomorphiq_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ]),
        (2, [
            // Tokens shared by every instance (`PostgresTokens`).
            """
            CREATE TABLE IF NOT EXISTS isomorphiq_tokens (
                user_name TEXT PRIMARY KEY,
                token TEXT NOT NULL UNIQUE,
                admin BOOLEAN NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
        ]),
        (3, [
            // Presence across instances (`PostgresPresence`): each instance's live clients, and when
            // each instance was last seen (a crashed instance's clients stop counting after 15 s).
            "CREATE TABLE IF NOT EXISTS isomorphiq_instances (instance TEXT PRIMARY KEY, seen_at BIGINT NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS isomorphiq_clients (
                instance TEXT NOT NULL,
                connection_id TEXT NOT NULL,
                presence TEXT NOT NULL,
                PRIMARY KEY (instance, connection_id)
            )
            """,
        ]),
        (4, [
            // The `BoardKey`s each event changes (`PostgresRows.touches`); NULL on older rows, which
            // count as changing everything.
            "ALTER TABLE isomorphiq_events ADD COLUMN IF NOT EXISTS touches TEXT[]",
            // Most events name no related task: index only those that do (less work under the lock).
            "DROP INDEX IF EXISTS isomorphiq_events_related",
            "CREATE INDEX isomorphiq_events_related ON isomorphiq_events (related_task_id, seq) WHERE related_task_id IS NOT NULL",
            // Appends after the head under the append lock, if `expected` is -1, the head is `expected`, or no event
            // after `expected` changes a key in `reads` (NULL: only at `expected`; and never past
            // `maximumMissed` events). Returns one row (the head before the append, NULL), or
            // (-(head) - 1, NULL) when refused (nothing stored), then the events after `expected`
            // through that head: the ones the caller missed. `touches` holds each event's keys,
            // space-separated.
            """
            CREATE OR REPLACE FUNCTION isomorphiq_append_after(
                expected BIGINT, reads TEXT[], ids TEXT[], types TEXT[], tasks TEXT[], related TEXT[], actors TEXT[],
                stamps BIGINT[], payloads TEXT[], versions INT[], touches TEXT[]
            ) RETURNS TABLE (row_seq BIGINT, row_payload TEXT) LANGUAGE plpgsql AS $$
            DECLARE head BIGINT;
            BEGIN
                -- The lock is released at commit; an asynchronous commit releases it without
                -- waiting for the disk, and the caller waits for the WAL flush after (PostgresEventStore).
                PERFORM set_config('synchronous_commit', 'off', true);
                PERFORM pg_advisory_xact_lock(\(appendLock));
                SELECT coalesce(max(e.seq), 0) INTO head FROM isomorphiq_events e;
                IF expected >= 0 AND head <> expected AND (reads IS NULL OR head < expected OR head - expected > \(maximumMissed) OR EXISTS (
                    SELECT 1 FROM isomorphiq_events e WHERE e.seq > expected AND (e.touches IS NULL OR e.touches && reads)
                )) THEN
                    RETURN QUERY SELECT -head - 1, NULL::text;
                    RETURN;
                END IF;
                IF cardinality(ids) > 0 THEN
                    INSERT INTO isomorphiq_events (seq, id, type, task_id, related_task_id, actor, ts, payload, schema_version, touches)
                        SELECT head + n, i, t, NULLIF(tk, ''), NULLIF(r, ''), a, s, p, v, string_to_array(tc, ' ')
                        FROM unnest(ids, types, tasks, related, actors, stamps, payloads, versions, touches)
                            WITH ORDINALITY AS u(i, t, tk, r, a, s, p, v, tc, n);
                END IF;
                RETURN QUERY SELECT head, NULL::text;
                IF expected >= 0 THEN
                    RETURN QUERY SELECT e.seq, e.payload FROM isomorphiq_events e WHERE e.seq > expected AND e.seq <= head ORDER BY e.seq;
                END IF;
            END $$
            """,
        ]),
    ]

    /// At most how many other writers' events an append goes past (more: it is refused, and the
    /// writer catches up by pages first).
    static let maximumMissed = 4_096

    /// Brings the database up to `version`; refuses one written by a newer program.
    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        try await client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(migrationLock))", logger: logger)
            do {
                try await connection.query("CREATE TABLE IF NOT EXISTS isomorphiq_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)", logger: logger)
                var current = 0
                for try await value in try await connection.query("SELECT value FROM isomorphiq_meta WHERE key = 'schema_version'", logger: logger).decode(String.self) {
                    current = Int(value) ?? 0
                }
                guard current <= version else {
                    throw PostgresStoreFailure.newerSchema(found: current, known: version)
                }
                for migration in migrations where migration.version > current {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        """
                        INSERT INTO isomorphiq_meta (key, value) VALUES ('schema_version', \(String(migration.version)))
                        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value
                        """, logger: logger)
                    logger.info("PostgreSQL schema migrated", metadata: ["version": "\(migration.version)"])
                }
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(migrationLock))", logger: logger)
                throw error
            }
            try await connection.query("SELECT pg_advisory_unlock(\(migrationLock))", logger: logger)
        }
    }
}

/// Failures of the PostgreSQL store that are not the database's own errors.
enum PostgresStoreFailure: Error, CustomStringConvertible {
    case newerSchema(found: Int, known: Int)

    var description: String {
        switch self {
        case .newerSchema(let found, let known):
            "the database was written by a newer version of isomorphiq-tui (schema \(found), this program knows \(known)); upgrade the program"
        }
    }
}
