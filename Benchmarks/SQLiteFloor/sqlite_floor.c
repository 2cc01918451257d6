// What SQLite and the kernel alone cost per event for the store's insert pattern, with no Swift:
// the events table, index and block summaries of schema v4, rows shaped like SyntheticEvents (~620 bytes of
// JSON, time-ordered 36-character ids, random task ids), K rows per transaction, WAL,
// synchronous=FULL (or NORMAL), a PASSIVE checkpoint every 16 transactions like WALCheckpointer.
// It prints the thread's CPU time and the wall time per event, and the wall time per commit.
//
// With FLOOR_GATHER=1 it first registers the store's WAL write-gathering VFS (CSQLiteWALBuffer).
//
// Build and run: see bench.sh (it compiles this file with ../../Sources/CSQLiteWALBuffer/wal_buffer.c);
// then sqlite_floor [K] [full|normal] [DIR].
#include <sqlite3.h>
#include "wal_buffer.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double seconds(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void check(int code, sqlite3 *db, const char *what) {
    if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

int main(int argc, char **argv) {
    int perCommit = argc > 1 ? atoi(argv[1]) : 64;
    int full = argc > 2 ? strcmp(argv[2], "normal") != 0 : 1;
    const char *dir = argc > 3 ? argv[3] : "/tmp";
    if (perCommit < 1) perCommit = 64;
    int gather = getenv("FLOOR_GATHER") != NULL;
    if (gather && isomorphiq_wal_buffer_register() != SQLITE_OK) return 1;
    char path[4096];
    snprintf(path, sizeof path, "%s/sqlite-floor-%d.db", dir, (int)getpid());

    sqlite3 *db;
    check(sqlite3_open(path, &db), db, "open");
    check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=16384", 0, 0, 0), db, "pragmas");
    check(sqlite3_exec(db, full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", 0, 0, 0), db, "synchronous");
    check(sqlite3_exec(db,
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, task_id TEXT,"
        " related_task_id TEXT, actor TEXT NOT NULL, timestamp INTEGER NOT NULL, payload TEXT NOT NULL, schema_version INTEGER NOT NULL);"
        "CREATE INDEX events_by_time ON events(timestamp, seq);"
        "CREATE TABLE event_blocks (block INTEGER NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, seqs TEXT NOT NULL,"
        " PRIMARY KEY (block, kind, key)) WITHOUT ROWID;", 0, 0, 0), db, "schema");

    static const char *types[] = {
        "task_created", "task_updated", "task_status_changed", "task_priority_changed", "task_assigned",
        "task_collaborators_updated", "task_watchers_updated", "task_dependency_added", "task_dependency_removed",
        "task_deleted",
    };
    static char tasks[6400][40];
    srand(1);
    for (int i = 0; i < 6400; i++)
        snprintf(tasks[i], sizeof tasks[i], "%08x-%04x-4%03x-a%03x-%08x%04x", rand(), rand() & 0xffff,
                 rand() & 0xfff, rand() & 0xfff, rand(), rand() & 0xffff);
    char payload[621];
    memset(payload, 'x', 620);
    payload[620] = 0;

    // EventBlocks.summarizeSQL: a block's summaries, written by the transaction that completes it.
    sqlite3_stmt *summarize;
    check(sqlite3_prepare_v2(db,
        "INSERT INTO event_blocks (block, kind, key, seqs)"
        " SELECT ?1, 'task', task_id, json_group_array(seq) FROM events"
        "  WHERE seq >= ?1 << 9 AND seq < (?1 + 1) << 9 AND task_id IS NOT NULL GROUP BY task_id"
        " UNION ALL SELECT ?1, 'related', related_task_id, json_group_array(seq) FROM events"
        "  WHERE seq >= ?1 << 9 AND seq < (?1 + 1) << 9 AND related_task_id IS NOT NULL GROUP BY related_task_id"
        " UNION ALL SELECT ?1, 'type', type, json_group_array(seq) FROM events"
        "  WHERE seq >= ?1 << 9 AND seq < (?1 + 1) << 9 GROUP BY type", -1, &summarize, 0), db, "prepare summarize");
    sqlite3_stmt *insert;
    check(sqlite3_prepare_v2(db,
        "INSERT INTO events (id, type, task_id, related_task_id, actor, timestamp, payload, schema_version)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 1)", -1, &insert, 0), db, "prepare");

    const int commits = 2000;
    long seq = 0;
    double cpuStart = 0, wallStart = 0;
    for (int round = 0; round < 2 * commits; round++) {
        if (round == commits) {  // the first half warms the file and the caches
            cpuStart = seconds(CLOCK_THREAD_CPUTIME_ID);
            wallStart = seconds(CLOCK_MONOTONIC);
        }
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0), db, "begin");
        for (int k = 0; k < perCommit; k++) {
            seq++;
            char id[40];
            long millis = 1700000000000L + seq / 50;
            snprintf(id, sizeof id, "%08lx-%04lx-7%03lx-a%03x-%08x%04x", millis >> 16, millis & 0xffff, seq % 4096,
                     rand() & 0xfff, rand(), rand() & 0xffff);
            int type = rand() % 10;
            sqlite3_bind_text(insert, 1, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(insert, 2, types[type], -1, SQLITE_STATIC);
            sqlite3_bind_text(insert, 3, tasks[rand() % 6400], -1, SQLITE_STATIC);
            if (type == 7 || type == 8) sqlite3_bind_text(insert, 4, tasks[rand() % 6400], -1, SQLITE_STATIC);
            else sqlite3_bind_null(insert, 4);
            sqlite3_bind_text(insert, 5, "bench", -1, SQLITE_STATIC);
            sqlite3_bind_int64(insert, 6, 1700000000000L + seq);
            sqlite3_bind_text(insert, 7, payload, 620, SQLITE_STATIC);
            check(sqlite3_step(insert), db, "insert");
            sqlite3_reset(insert);
        }
        for (long block = (seq - perCommit + 1) >> 9; block < (seq + 1) >> 9; block++) {
            sqlite3_bind_int64(summarize, 1, block);
            check(sqlite3_step(summarize), db, "summarize");
            sqlite3_reset(summarize);
        }
        check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
        if (round % 16 == 15) sqlite3_wal_checkpoint_v2(db, 0, SQLITE_CHECKPOINT_PASSIVE, 0, 0);
    }
    double cpu = seconds(CLOCK_THREAD_CPUTIME_ID) - cpuStart, wall = seconds(CLOCK_MONOTONIC) - wallStart;
    long events = (long)commits * perCommit;
    printf("sqlite floor, %d events per commit, synchronous=%s%s: CPU %.2f µs/event, wall %.2f µs/event, "
           "%.3f ms per commit (at most %.0f events/s from one serial committer)\n",
           perCommit, full ? "FULL" : "NORMAL", gather ? ", WAL writes gathered" : "", cpu * 1e6 / events, wall * 1e6 / events, wall * 1e3 / commits,
           events / wall);
    sqlite3_finalize(insert);
    sqlite3_finalize(summarize);
    sqlite3_close(db);
    char sidecar[4200];
    unlink(path);
    snprintf(sidecar, sizeof sidecar, "%s-wal", path); unlink(sidecar);
    snprintf(sidecar, sizeof sidecar, "%s-shm", path); unlink(sidecar);
    return 0;
}
