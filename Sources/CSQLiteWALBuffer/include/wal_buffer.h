#ifndef ISOMORPHIQ_WAL_BUFFER_H
#define ISOMORPHIQ_WAL_BUFFER_H

/// Registers, once per process, an SQLite VFS that wraps the default one and makes it the default.
///
/// It changes one thing, and only for a thread that asked (`isomorphiq_wal_buffer_begin`): the
/// frames a WAL commit writes reach the file in a few large writes instead of two per page (a
/// 24-byte frame header, then the page). Writes to a WAL file are gathered while they are
/// contiguous, up to 124 KiB (31 frames of 4 KiB pages; the unix VFS writes at most 128 KiB - 1 per
/// call). The gathered bytes are written out when the commit's last frame (the one whose header
/// holds the database size, fileformat2 §4.1) has been added, and before any other operation on
/// the file (read, sync, truncate, size, lock, file control, close). Writes reach the file in the
/// order SQLite made them; only their timing changes. Bytes still gathered when the process dies
/// or the file is closed belong to a transaction that never committed (frames spilled by a
/// transaction larger than the page cache) and are dropped, as SQLite would ignore them. Every
/// other file (the database, its shared memory, journals), and every WAL write made by a thread
/// that did not ask, is the default VFS's own, untouched. A failed write-out is reported by the
/// call that caused it.
///
/// Why only under `synchronous=FULL`: a commit that rewrites frames it spilled earlier ends by
/// rewriting the checksums in their headers (`walRewriteChecksums`), the commit frame's header
/// last, with no page after it. That header stays gathered until the next operation on the file;
/// with FULL it is the WAL's sync, at once; with NORMAL there is none, so a crash after the
/// commit returned dropped the header and recovery discarded the commit (issue 13). So gathering
/// is refused unless the connection syncs every commit.
///
/// What a caller must know: frames spilled by a transaction that then rolled back stay gathered
/// until the same connection next touches the WAL, and are written then (where SQLite would have
/// written them at once). If another connection had committed frames over that place in the
/// meantime, they would be overwritten. So one connection writes a database at a time, as the
/// store guarantees: one writer connection per process, and the data directory's lock for one
/// writing process.
///
/// Returns SQLITE_OK, or SQLite's error code if there is no default VFS to wrap.
int isomorphiq_wal_buffer_register(void);

/// Starts gathering the WAL writes the calling thread makes through `connection` (an `sqlite3 *`),
/// until `isomorphiq_wal_buffer_end`. Refused (returns 0, nothing is gathered) when the connection's
/// `synchronous` is not FULL or EXTRA; returns 1 when gathering. Call it on the thread that then runs
/// the connection's write transaction, outside any transaction; only the store's writer does.
int isomorphiq_wal_buffer_begin(void *connection);

/// Stops gathering on the calling thread (what is gathered is written out by the file's next operation).
void isomorphiq_wal_buffer_end(void);

/// How many gathered writes the calling thread has written out (for tests: a connection's commit
/// runs on one thread, and other connections of the process do not count).
long long isomorphiq_wal_buffer_flushes_on_this_thread(void);

#endif
