import Foundation

/// `server.json` in the data directory: where the instance holding the directory serves
/// (`{"url", "pid"}`), so that `task` commands run next to it go through its API instead of
/// failing on the lock. It holds no secret (the token stays in `tokens.json`); the directory is 0700.
struct ServerAnnouncement: Codable, Sendable {
    var url: String
    var pid: Int32

    static func path(_ dataDir: String) -> String { dataDir + "/server.json" }

    /// Written once the server listens; best effort.
    static func write(url: String, dataDir: String) {
        let announcement = ServerAnnouncement(url: url, pid: getpid())
        guard let data = try? JSONEncoder().encode(announcement) else { return }
        _ = FileManager.default.createFile(atPath: path(dataDir), contents: data, attributes: [.posixPermissions: 0o600])
    }

    static func remove(dataDir: String) {
        guard let current = read(dataDir: dataDir), current.pid == getpid() else { return }
        try? FileManager.default.removeItem(atPath: path(dataDir))
    }

    /// The announcement, if one is there and its process is alive.
    static func read(dataDir: String) -> ServerAnnouncement? {
        guard let data = FileManager.default.contents(atPath: path(dataDir)),
            let announcement = try? JSONDecoder().decode(ServerAnnouncement.self, from: data),
            kill(announcement.pid, 0) == 0 || errno == EPERM
        else { return nil }
        return announcement
    }
}
