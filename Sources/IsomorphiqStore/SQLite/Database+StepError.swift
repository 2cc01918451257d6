import GRDB
import GRDBSQLite

extension Database {
    /// The error of the statement this connection last stepped through SQLite's C API, as GRDB
    /// would have reported it (the store's hot inserts bypass GRDB's own stepping).
    func stepError(sql: String) -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: sqlite3_extended_errcode(sqliteConnection)),
            message: String(cString: sqlite3_errmsg(sqliteConnection)), sql: sql)
    }
}
