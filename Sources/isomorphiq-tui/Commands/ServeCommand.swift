import ArgumentParser
import Foundation
import IsomorphiqCore
import IsomorphiqServer
import Logging
import ServiceLifecycle
import UnixSignals

/// `isomorphiq-tui serve`: the same core and server, without a screen.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the core and the HTTP/WebSocket/TCP server without a screen; logs go to standard error.",
        discussion: "Prints the URL with the local user's token once listening. SIGINT or SIGTERM shut down gracefully.")

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let (settings, _) = try await options.loadSettings()
        LoggingSetup.toStandardError(level: settings.logLevel)
        let logger = Logger(label: "isomorphiq")
        let (tokens, localToken) = try ServerLauncher.tokens(settings)
        var token = localToken
        let runtime = try await CoreRuntime.open(settings, logger: logger, isAdmin: { tokens.admins.contains($0) })
        logger.info("\(runtime.loadReport)")
        var tokenFollower: Task<Void, Never>?
        if let shared = runtime.postgres {
            (token, tokenFollower) = try await SharedTokens.start(tokens: tokens, store: shared, settings: settings, logger: logger)
        }
        defer { tokenFollower?.cancel() }
        try await runtime.start()
        let running: ServerLauncher.Running
        do {
            running = try await ServerLauncher(settings: settings, runtime: runtime, tokens: tokens, logger: logger)
                .start(signals: [.sigint, .sigterm])
        } catch {
            await runtime.shutdown()
            throw error
        }
        var banner = "isomorphiq-tui serving \(running.ports.url(token: token))\n"
        if let tcp = running.ports.tcp { banner += "TCP commands on \(running.ports.host):\(tcp)\n" }
        FileHandle.standardOutput.write(Data(banner.utf8))
        _ = try? await running.task.value
        ServerAnnouncement.remove(dataDir: settings.dataDir)
        await runtime.shutdown()
        logger.info("stopped")
    }
}
