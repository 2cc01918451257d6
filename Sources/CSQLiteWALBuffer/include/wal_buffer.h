#ifndef ISOMORPHIQ_WAL_BUFFER_H
#define ISOMORPHIQ_WAL_BUFFER_H

/// Registers, once per process, an SQLite VFS that wraps the default one and makes it the default.
///
/// It changes one thing: the frames a WAL commit writes reach the file in a few large writes
/// instead of two per page (a 24-byte frame header, then the page). Writes to a WAL file are
/// gathered while they are contiguous, up to 124 KiB (31 frames of 4 KiB pages; the unix VFS
/// writes at most 128 KiB - 1 per call). The gathered bytes are written out when the commit's last
/// frame (the one whose header holds the database size, fileformat2 §4.1) has been added, and
/// before any other operation on the file (read, sync, truncate, size, lock, file control, close).
/// Writes reach the file in the order SQLite made them; only their timing changes. A commit's
/// frames are in the file before SQLite syncs it or publishes the commit in the wal-index, whatever
/// `synchronous` is. Bytes still gathered when the process dies or the file is closed belong to a
/// transaction that never committed (frames spilled by a transaction larger than the page cache)
/// and are dropped, as SQLite would ignore them. Every other file (the database, its shared memory,
/// journals) is the default VFS's own, untouched. A failed write-out is reported by the call that
/// caused it.
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

/// How many gathered writes the calling thread has written out (for tests: a connection's commit
/// runs on one thread, and other connections of the process do not count).
long long isomorphiq_wal_buffer_flushes_on_this_thread(void);

#endif
