import Foundation
import GRDBSQLite

/// Checks an existing log's pages and schema before any connection that could write to it, or
/// checkpoint its write-ahead log into it, is opened.
///
/// Runs SQLite's `PRAGMA quick_check` (every page of every table and index is read: b-tree
/// structure, free list, record formats; not whether indexes agree with their tables) and the
/// schema check, on a connection that cannot change any file:
/// - with no WAL (or an empty one), the database is opened `immutable=1`: no lock, no `-wal` or
///   `-shm` file created. `immutable` ignores a WAL, so it is used only when there is none.
/// - with a WAL and its `-shm` index, `mode=ro&readonly_shm=1`: SQLite reads the WAL (the commits
///   in it are part of the log and must be checked too) and the index without writing either.
/// - with a WAL and no `-shm` (left by a crash that lost it), `mode=ro`: SQLite creates the `-shm`
///   index, which holds only what it rebuilds from the WAL; the database and the WAL are not written.
/// A read-only connection never checkpoints (SQLite refuses it `SQLITE_READONLY`), so closing it
/// copies nothing into the database. Cost: one read of the whole file, about
/// 1 s per GB from the page cache (docs/STORE.md, "When something is wrong").
enum DatabaseIntegrityCheck {
    /// Throws `StoreError.corrupt` for damaged pages, `.notADatabase` for a foreign database and
    /// `.newerSchema` for a newer one; returns when the log may be opened for writing.
    /// With `pages` off only the schema is checked (the file is as a clean close left it).
    static func check(_ path: String, pages: Bool = true) throws(StoreError) {
        let walSize = DatabaseFileCheck.size(of: path + "-wal") ?? 0
        let hasIndex = DatabaseFileCheck.size(of: path + "-shm") != nil
        let parameters = walSize == 0 ? "immutable=1" : hasIndex ? "mode=ro&readonly_shm=1" : "mode=ro"
        var handle: OpaquePointer?
        defer { sqlite3_close_v2(handle) }
        let opened = sqlite3_open_v2("file:\(uriPath(path))?\(parameters)", &handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nil)
        guard opened == SQLITE_OK, let handle else {
            throw .database("cannot open \(path) to check it: \(handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory")")
        }
        let problems = pages ? try rows(handle, "PRAGMA quick_check(10)", path: path) : ["ok"]
        if problems != ["ok"] {
            throw .corrupt(path: path, detail: problems.prefix(3).joined(separator: "; ") + (problems.count > 3 ? "; …" : ""))
        }
        let hasMigrations = try rows(handle, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations'", path: path) == ["1"]
        try StoreSchema.checkCompatible(
            userVersion: Int(try rows(handle, "PRAGMA user_version", path: path).first ?? "") ?? 0,
            tables: Int(try rows(handle, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", path: path).first ?? "") ?? 0,
            appliedMigrations: hasMigrations ? try rows(handle, "SELECT identifier FROM grdb_migrations", path: path) : nil,
            path: path)
    }

    /// The first column of every row of `sql`, as text.
    private static func rows(_ handle: OpaquePointer, _ sql: String, path: String) throws(StoreError) -> [String] {
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        var code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        var values: [String] = []
        while code == SQLITE_OK || code == SQLITE_ROW {
            code = sqlite3_step(statement)
            if code == SQLITE_ROW { values.append(sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "") }
        }
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(handle))
            switch code & 0xff {
            case SQLITE_NOTADB: throw .notADatabase(path: path)
            case SQLITE_CORRUPT: throw .corrupt(path: path, detail: message)
            default: throw .database("cannot check \(path): \(message)")
            }
        }
        return values
    }

    /// `path` as the path of an SQLite URI: every byte but letters, digits and `/-._~` percent-encoded.
    private static func uriPath(_ path: String) -> String {
        let kept = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~".utf8)
        return path.utf8.map { kept.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
    }
}
