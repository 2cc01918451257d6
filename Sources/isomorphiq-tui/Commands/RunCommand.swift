import ArgumentParser
import Foundation
import IsomorphiqCore
import IsomorphiqRemote
import IsomorphiqServer
import IsomorphiqTUI
import Logging
import IsomorphiqSource

/// `isomorphiq-tui` (or `isomorphiq-tui run`): the terminal UI, with the server in the background.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Open the terminal UI; the HTTP/WebSocket server runs in the background (default).")

    @OptionGroup var options: GlobalOptions
    @Option(name: .customLong("connect"), help: "Open the UI on a running instance, http://HOST:PORT (token from --token or ISOMORPHIQ_TOKEN); no local store or server.")
    var connect: String?

    func run() async throws {
        let (settings, _) = try await options.loadSettings()
        if let connect { return try await runRemote(connect, settings: settings) }
        try FileManager.default.createDirectory(atPath: settings.dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        LoggingSetup.toFile(settings.dataDir + "/isomorphiq.log", level: settings.logLevel)
        let logger = Logger(label: "isomorphiq")

        var status = StatusInfo(serverURL: nil, serverNote: "server off: --no-server", user: settings.user, dataDirectory: settings.dataDir)
        var tokens: TokenStore?
        if settings.serverEnabled {
            do {
                tokens = try ServerLauncher.tokens(settings).0
            } catch {
                status.serverNote = "server off: \(error)"
            }
        }
        let runtime = try await CoreRuntime.open(settings, logger: logger, isAdmin: { [tokens] in tokens?.admins.contains($0) == true })
        var tokenFollower: Task<Void, Never>?
        if let tokens, let shared = runtime.postgres {
            tokenFollower = try? await SharedTokens.start(tokens: tokens, store: shared, settings: settings, logger: logger).1
        }
        defer { tokenFollower?.cancel() }
        try await runtime.start()
        var server: ServerLauncher.Running?
        if let tokens {
            do {
                let running = try await ServerLauncher(settings: settings, runtime: runtime, tokens: tokens, logger: logger).start()
                server = running
                status.serverURL = "http://\(running.ports.host):\(running.ports.http)"
                status.serverNote = Self.tokenHint(settings)
            } catch {
                logger.error("server not started", metadata: ["error": "\(error)"])
                status.serverNote = "server off: \(error)"
            }
        }
        let source = InProcessTaskSource(service: runtime.service, store: runtime.store, status: status)
        let outcome = await Result { try await TerminalApp.run(source: source, options: settings.terminalOptions, logger: logger) }
        await server?.stop()
        await runtime.shutdown()
        try outcome.get()
    }
}

extension RunCommand {
    /// Where the UI's user finds the token for other clients: the command that prints *their*
    /// token (for this user and data directory), or nothing to find when they gave it themselves.
    static func tokenHint(_ settings: Settings) -> String {
        if settings.token != nil { return "token: the one given with --token" }
        var command = "isomorphiq-tui token show"
        if settings.user != Settings().user { command += " --user \(settings.user)" }
        if settings.dataDir != Settings().dataDir { command += " --data-dir \(settings.dataDir)" }
        return "token: " + command
    }

    /// The same UI over a `RemoteTaskSource`: logs go to `remote.log` in the data directory.
    func runRemote(_ url: String, settings: Settings) async throws {
        try await reportingExitCode {
            try FileManager.default.createDirectory(atPath: settings.dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            LoggingSetup.toFile(settings.dataDir + "/remote.log", level: settings.logLevel)
            let api = try TaskTargetOptions.client(url, token: TaskTargetOptions.token(settings), webSocketPath: settings.path)
            let source = RemoteTaskSource(api: api, user: settings.user, logger: Logger(label: "isomorphiq.remote"))
            do {
                try await TerminalApp.run(source: source, options: settings.terminalOptions, logger: Logger(label: "isomorphiq.tui"))
            } catch let error as TaskAPIError {
                throw CLIError(error)
            }
        }
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
