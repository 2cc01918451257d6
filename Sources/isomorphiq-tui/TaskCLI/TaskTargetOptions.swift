import ArgumentParser
import Foundation
import IsomorphiqRemote
import IsomorphiqServer
import Logging

/// Where a `task` command acts: `--connect URL` (or `ISOMORPHIQ_CONNECT`) for a running instance,
/// else the data directory; when a running instance holds that directory and announced its URL
/// (`server.json`), the command goes through it.
struct TaskTargetOptions: ParsableArguments {
    @Option(name: .customLong("connect"), help: "A running instance, http://HOST:PORT (or ISOMORPHIQ_CONNECT); default: the data directory.")
    var connect: String?

    @OptionGroup var global: GlobalOptions

    /// Opens the backend. - Throws: `CLIError` (bad settings or URL, directory in use, unreachable).
    func open() async throws(CLIError) -> any TaskBackend {
        let settings: Settings
        do { settings = try await global.loadSettings().0 } catch { throw CLIError(.validation, "\(error)") }
        LoggingSetup.toStandardError(level: global.logLevel ?? "warning")
        let environment = ProcessInfo.processInfo.environment
        if let raw = connect ?? environment["ISOMORPHIQ_CONNECT"] {
            return RemoteTaskBackend(api: try Self.client(raw, token: Self.token(settings), webSocketPath: settings.path))
        }
        do {
            return try await LocalTaskBackend.open(settings, logger: Logger(label: "isomorphiq.cli"))
        } catch let error where error.exit == .unavailable {
            guard let url = ServerAnnouncement.read(dataDir: settings.dataDir)?.url else { throw error }
            let (token, fresh) = Self.ownToken(settings)
            let api = try Self.client(url, token: token, webSocketPath: settings.path)
            if fresh { await Self.waitUntilAccepted(api) }
            return RemoteTaskBackend(api: api)
        }
    }

    /// The token for the instance that holds the data directory: `--token`/`ISOMORPHIQ_TOKEN`, else
    /// this user's in the directory's token store, created when missing (whoever can read the
    /// directory can read every token in it, so it grants nothing new). `fresh`: just created.
    static func ownToken(_ settings: Settings) -> (token: String?, fresh: Bool) {
        if let token = token(settings) { return (token, false) }
        return ((try? ServerLauncher.openTokens(settings).ensureLocalUser(settings.user)), true)
    }

    /// A running server reads a changed token file within milliseconds (inotify); waits up to 2 s
    /// for it to accept a token just created, so that the first request is not refused.
    static func waitUntilAccepted(_ api: TaskAPIClient) async {
        for _ in 0..<40 {
            do {
                _ = try await api.clients()
                return
            } catch where error.kind == .unauthorized {
                try? await Task.sleep(for: .milliseconds(50))
            } catch {
                return
            }
        }
    }

    /// `--token`, `ISOMORPHIQ_TOKEN`, else the local user's token in the data directory's token store.
    static func token(_ settings: Settings) -> String? {
        if let token = settings.token ?? ProcessInfo.processInfo.environment["ISOMORPHIQ_TOKEN"], !token.isEmpty { return token }
        return (try? ServerLauncher.openTokens(settings))?.list().first { $0.user == settings.user }?.token
    }

    /// `webSocketPath`: the server's `--ws-path` (this command's own setting).
    static func client(_ raw: String, token: String?, webSocketPath: String = "/ws") throws(CLIError) -> TaskAPIClient {
        let text = raw.contains("://") ? raw : "http://" + raw
        guard var components = URLComponents(string: text), let scheme = components.scheme, ["http", "https"].contains(scheme), components.host != nil else {
            throw CLIError(.validation, "--connect needs a URL like http://127.0.0.1:3002, not '\(raw)'")
        }
        // A URL pasted from `serve`'s banner carries the token: use it, keep it out of the base URL.
        let pasted = components.queryItems?.first { $0.name == "token" }?.value
        components.path = ""
        components.query = nil
        guard let url = components.url else { throw CLIError(.validation, "not a URL: \(raw)") }
        var client = TaskAPIClient(baseURL: url, token: token ?? pasted)
        client.webSocketPath = webSocketPath
        return client
    }
}
