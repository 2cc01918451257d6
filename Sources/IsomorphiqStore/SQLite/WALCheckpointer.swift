import Dispatch
import GRDB
import Synchronization

/// Copies the write-ahead log back into the database file in the background, so that commits
/// do not pay for it.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold: it copies up
/// to 1,000 pages and fsyncs the database file while every caller of that group waits. The store
/// raises the writer's threshold to `backstopPages` instead, and after every `interval` committed
/// events runs a PASSIVE checkpoint here, on its own connection and queue: it never blocks the
/// writer or the readers, and copies a page once however often it changed in between.
/// Thread-safe; `close` waits for a running checkpoint.
///
/// The WAL's size: SQLite writes a WAL from its start again only when a new transaction finds every
/// frame copied, which under steady appends this checkpointer rarely achieves (frames arrive while
/// it copies). So the WAL grows until the writer's own checkpoint at `backstopPages` frames, which
/// runs between commits, copies what is left and lets the next commit restart the WAL; the file is
/// then cut back to `sizeLimit` (`journal_size_limit`) if a long read held it longer. The store
/// also empties it (TRUNCATE) when it opens and when it closes.
final class WALCheckpointer: Sendable {
    /// The writer's `wal_autocheckpoint` while a checkpointer runs (16 MiB of 4 KiB pages). It was
    /// 64 MiB, which a small log's WAL then kept for good (issue 13).
    static let backstopPages = 4_096
    /// The writer's `journal_size_limit`: the WAL file's size after a restart, in bytes.
    static let sizeLimit = Int64(backstopPages) * 4_096

    private struct State {
        var sinceLast = 0
        var running = false
        var closed = false
    }

    private let connection: DatabaseQueue
    private let interval: Int
    private let queue = DispatchQueue(label: "isomorphiq.store.checkpoint")
    private let state = Mutex(State())

    /// Opens a connection of its own to the WAL database at `path`.
    init(path: String, interval: Int = 1_024) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        connection = try DatabaseQueue(path: path, configuration: configuration)
        try connection.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        self.interval = interval
    }

    /// Notes `events` committed events; past `interval` since the last checkpoint, starts one.
    func committed(_ events: Int) {
        let start = state.withLock { state in
            state.sinceLast += events
            guard state.sinceLast >= interval, !state.running, !state.closed else { return false }
            state.sinceLast = 0
            state.running = true
            return true
        }
        guard start else { return }
        queue.async {
            // A failed checkpoint leaves the WAL as it was: the next one, or the writer's backstop, copies it.
            _ = try? self.connection.writeWithoutTransaction { try $0.checkpoint(.passive) }
            self.state.withLock { $0.running = false }
        }
    }

    /// Waits for a running checkpoint and closes the connection. Later `committed` calls do nothing.
    func close() {
        state.withLock { $0.closed = true }
        queue.sync {}
        try? connection.close()
    }
}
