public import Foundation

/// The directory that holds one instance's durable state: `events.sqlite` (with its `-wal` and
/// `-shm` companions) and the `lock` file.
///
/// The default is `$XDG_DATA_HOME/isomorphiq`, else `~/.local/share/isomorphiq`. `prepare` creates
/// the directory with mode 0700 (its parents with the default mode) and never changes an existing one.
public struct DataDirectory: Sendable, Hashable {
    public let url: URL

    public init(url: URL) {
        self.url = url.standardizedFileURL
    }

    /// The default location for `environment` (usually `ProcessInfo.processInfo.environment`).
    public static func defaultURL(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("isomorphiq", isDirectory: true)
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".local/share/isomorphiq", isDirectory: true)
    }

    /// `url`, or the default when `nil`.
    public static func resolve(_ url: URL?) -> DataDirectory {
        DataDirectory(url: url ?? defaultURL())
    }

    /// The event log's database file.
    public var databaseURL: URL { url.appendingPathComponent("events.sqlite") }

    /// The file whose `flock` marks the directory as in use, and which holds the owner's pid.
    public var lockURL: URL { url.appendingPathComponent("lock") }

    /// Creates the directory (mode 0700) if it does not exist.
    ///
    /// - Throws: `StoreError.directory` when it cannot be created or a file is in its place.
    public func prepare() throws(StoreError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .directory(path: url.path, detail: "it is a file, not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if mkdir(url.path, 0o700) != 0, errno != EEXIST {
                throw StoreError.directory(path: url.path, detail: String(cString: strerror(errno)))
            }
            chmod(url.path, 0o700)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .directory(path: url.path, detail: error.localizedDescription)
        }
    }

    /// Creates the directory if needed and takes its exclusive lock.
    ///
    /// - Throws: `StoreError.locked` (with the holder's pid) when another process, or another
    ///   open store in this process, holds it; `StoreError.directory` when it cannot be created.
    public func lock() throws(StoreError) -> DataDirectoryLock {
        try prepare()
        return try DataDirectoryLock.acquire(at: lockURL, directory: url.path)
    }
}
