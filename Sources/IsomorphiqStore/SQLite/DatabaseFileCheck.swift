import Foundation

/// Looks at a database file's header before SQLite opens it, so that a file that is not a
/// database, or one cut short, is reported and never written to.
///
/// Checks only what the header promises (magic string, page size, page count); deeper damage is
/// left to SQLite, whose `SQLITE_CORRUPT`/`SQLITE_NOTADB` become `StoreError.corrupt`.
enum DatabaseFileCheck {
    enum Outcome: Equatable {
        /// No file, or an empty one, and no WAL with frames beside it: a new log may be created there.
        case absent
        case valid
    }

    private static let magic = Array("SQLite format 3\0".utf8)

    /// - Throws: `StoreError.corrupt` also when the file is missing or empty but a write-ahead log
    ///   with frames lies next to it: SQLite would start a new log and replace that WAL, losing
    ///   the commits in it.
    static func check(_ path: String) throws(StoreError) -> Outcome {
        guard let size = Self.size(of: path), size > 0 else {
            if let walSize = Self.size(of: path + "-wal"), walSize > 0 {
                throw .orphanedWAL(path: path, missing: Self.size(of: path) == nil, walBytes: walSize)
            }
            return .absent
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .directory(path: path, detail: "cannot read the file")
        }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        guard header.count >= 16, Array(header[0..<16]) == magic else { throw .notADatabase(path: path) }
        guard header.count == 100 else { throw .corrupt(path: path, detail: "the file ends inside its header") }
        let rawPageSize = Int64(header[16]) << 8 | Int64(header[17])
        let pageSize = rawPageSize == 1 ? 65_536 : rawPageSize
        guard pageSize >= 512, pageSize & (pageSize - 1) == 0 else {
            throw .corrupt(path: path, detail: "invalid page size \(rawPageSize)")
        }
        let changeCounter = header[24..<28].reduce(0) { $0 << 8 | Int64($1) }
        let validFor = header[92..<96].reduce(0) { $0 << 8 | Int64($1) }
        let pageCount = header[28..<32].reduce(0) { $0 << 8 | Int64($1) }
        if changeCounter == validFor, pageCount > 0, size < pageCount * pageSize {
            throw .corrupt(path: path, detail: "truncated: \(size) bytes where the header promises \(pageCount * pageSize)")
        }
        if size % pageSize != 0 {
            throw .corrupt(path: path, detail: "truncated: \(size) bytes is not a whole number of \(pageSize)-byte pages")
        }
        return .valid
    }

    /// The size of the file at `path`, `nil` when there is none.
    static func size(of path: String) -> Int64? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Creates an empty file at `path` with mode 0600, if there is none: a new log is readable by its
    /// owner only, and SQLite gives the `-wal` and `-shm` it creates the database's mode.
    static func createPrivate(_ path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 { close(fd) }
    }
}
