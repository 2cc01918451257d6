import CSQLiteWALBuffer
import Foundation
import GRDB

/// The store writer's use of the WAL write-gathering shim (`CSQLiteWALBuffer`): a commit's frames
/// reach the WAL in a few large writes.
///
/// Only the store's writer gathers, and only inside `during`; every other connection of the process
/// writes as SQLite's default VFS does. The shim itself refuses unless the connection runs
/// `synchronous=FULL` (its header says why NORMAL would lose commits). Turned off with
/// `SQLiteEventStore.Options.walGathering`, whose default comes from the environment variable
/// `ISOMORPHIQ_STORE_WAL_GATHERING` (`off`, `0`, `false` or `no` turn it off).
enum WALGathering {
    /// Whether gathering is on unless the caller says otherwise: the environment's choice.
    static func enabledByDefault(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let value = environment["ISOMORPHIQ_STORE_WAL_GATHERING"]?.lowercased() else { return true }
        return !["off", "0", "false", "no"].contains(value)
    }

    /// Runs `body` (one write transaction on `db`, on the calling thread) with the WAL writes it makes
    /// gathered, when `enabled` and the shim accepts the connection. Returns what `body` returns.
    static func during<T>(_ db: Database, enabled: Bool, _ body: () throws -> T) rethrows -> T {
        let gathering = enabled && isomorphiq_wal_buffer_begin(UnsafeMutableRawPointer(db.sqliteConnection)) == 1
        defer { if gathering { isomorphiq_wal_buffer_end() } }
        return try body()
    }
}
