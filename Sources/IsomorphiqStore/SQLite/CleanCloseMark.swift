import Foundation

/// What a clean close vouches for: `events.sqlite.clean` holds the database file's size,
/// modification time (ns), inode and device as the store left it, with its WAL emptied.
///
/// The start-up integrity check (`DatabaseIntegrityCheck`) reads the whole file, over a second
/// for a million events; when the file is exactly as a clean close left it (same size, mtime and
/// inode, no WAL) nothing can have changed it since, short of a tool that restores the mtime, so
/// the page check is skipped (the schema check still runs). Any later write changes the mtime (or
/// leaves a WAL), so the mark stops matching by itself; it is also removed once an open that may
/// write has passed its check. A refused open leaves it, like every other file, untouched.
enum CleanCloseMark {
    static func path(for database: String) -> String { database + ".clean" }

    /// Whether `database` is as the last clean close left it.
    static func matches(for database: String) -> Bool {
        guard let recorded = try? String(contentsOfFile: path(for: database), encoding: .utf8),
              let current = fingerprint(database),
              (DatabaseFileCheck.size(of: database + "-wal") ?? 0) == 0
        else { return false }
        return recorded.trimmingCharacters(in: .whitespacesAndNewlines) == current
    }

    static func remove(for database: String) {
        unlink(path(for: database))
    }

    /// Records the database file as it is now (after a clean close emptied its WAL). Waits 25 ms
    /// first, holding the directory lock: file times advance in clock ticks (a few ms on Linux),
    /// so any later write to the file gets a later mtime than the one recorded.
    static func write(for database: String) {
        usleep(25_000)
        guard (DatabaseFileCheck.size(of: database + "-wal") ?? 0) == 0, let current = fingerprint(database) else { return }
        let markPath = path(for: database)
        let descriptor = open(markPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let bytes = Array((current + "\n").utf8)
        _ = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        _ = fsync(descriptor)
    }

    private static func fingerprint(_ database: String) -> String? {
        var info = stat()
        guard stat(database, &info) == 0 else { return nil }
        return "v1 size=\(info.st_size) mtime=\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec) inode=\(info.st_ino) device=\(info.st_dev)"
    }
}
