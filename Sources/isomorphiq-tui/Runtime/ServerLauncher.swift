import Foundation
import IsomorphiqCore
import IsomorphiqServer
import Logging
import ServiceLifecycle
import UnixSignals

/// Builds the HTTP/WebSocket/TCP server from the settings and runs it in the background, in a
/// `ServiceGroup` so that stopping it is a graceful shutdown (clients get 1001, queues drain).
struct ServerLauncher {
    let settings: Settings
    let runtime: CoreRuntime
    let tokens: TokenStore
    let logger: Logger

    /// A server that listens; `stop()` shuts it down gracefully and waits.
    struct Running {
        let ports: BoundPorts
        let group: ServiceGroup
        let task: Task<Void, any Error>
        let dataDir: String

        /// Shuts the server down and waits; removes `server.json`.
        func stop() async {
            await group.triggerGracefulShutdown()
            _ = try? await task.value
            ServerAnnouncement.remove(dataDir: dataDir)
        }
    }

    var configuration: ServerConfiguration {
        var configuration = ServerConfiguration(
            host: settings.host, port: settings.port, tcpPort: settings.tcpPort == 0 ? nil : settings.tcpPort,
            heartbeat: .milliseconds(Int64(settings.heartbeatInterval * 1000)), maxConnections: settings.maxConnections,
            webSocketQueueSize: settings.messageQueueSize, compression: settings.enableCompression,
            allowedOrigins: Set(settings.allowOrigins), headerTimeout: .milliseconds(Int64(settings.headerTimeout * 1000)),
            idleTimeout: .milliseconds(Int64(settings.idleTimeout * 1000)), maxPendingConnections: settings.maxPendingConnections,
            serverVersion: IsomorphiqCommand.version)
        configuration.clientsElsewhere = runtime.presence.map(PresenceDirectory.init)
        configuration.webSocketPath = settings.path
        return configuration
    }

    /// Starts the server and waits until it listens.
    /// - Throws: `ServerError` (port in use, cannot bind) or the bus's refusal of a subscription.
    func start(signals: [UnixSignal] = []) async throws -> Running {
        let server = try IsomorphiqServer(
            bus: runtime.bus, service: runtime.service, store: runtime.store, tokens: tokens, configuration: configuration, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: server)], gracefulShutdownSignals: signals, logger: logger))
        let task = Task { try await group.run() }
        do {
            let ports = try await server.ready()
            ServerAnnouncement.write(url: "http://\(ports.host):\(ports.http)", dataDir: settings.dataDir)
            return Running(ports: ports, group: group, task: task, dataDir: settings.dataDir)
        } catch {
            await group.triggerGracefulShutdown()
            _ = try? await task.value
            throw error
        }
    }

    /// Opens the token store of the data directory and makes sure the local user has a token.
    static func tokens(_ settings: Settings) throws -> (TokenStore, String) {
        let tokens = try openTokens(settings)
        let token = try tokens.ensureLocalUser(settings.user, token: settings.token)
        return (tokens, token)
    }

    /// Opens the token store of the data directory as it is.
    static func openTokens(_ settings: Settings) throws -> TokenStore {
        let directory = URL(fileURLWithPath: settings.dataDir, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return try TokenStore.open(directory: directory)
    }
}
