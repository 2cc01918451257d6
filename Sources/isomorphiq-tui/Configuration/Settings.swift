import Foundation
import IsomorphiqTUI
import IsomorphiqCore

/// The effective configuration of one run, after file, environment and flags.
struct Settings: Sendable {
    // Bus (the seed design's eventBusConfig)
    var maxListeners = 1000
    var enablePersistence = true
    var enableMetrics = true
    var middlewareTimeout = 5.0
    var middlewarePreset = MiddlewarePreset.default
    var subscriberBufferSize = 1024
    // WebSocket and HTTP (the seed design's wsConfig)
    var host = "127.0.0.1"
    var port = 3002
    var path = "/ws"
    var maxConnections = 1000
    var heartbeatInterval = 30.0
    var enableCompression = false
    var messageQueueSize = 1024
    var allowOrigins: [String] = []
    var serverEnabled = true
    var headerTimeout = 10.0
    var idleTimeout = 60.0
    var maxPendingConnections = 512
    var tcpPort = 3001
    // Store
    var store = "sqlite"
    /// For `store == "postgres"`: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` (docs/SCALING.md).
    var databaseURL: String?
    var dataDir = Settings.defaultDataDirectory()
    var snapshotEvery = 1000
    var memoryCapacity = 10_000
    // Who and how
    var user = ProcessInfo.processInfo.environment["USER"] ?? "me"
    var token: String?
    var logLevel = "info"
    // The terminal UI: the file's `tui` section (TUIConfiguration)
    var keyMap = KeyMap.standard
    var theme = Theme.standard

    var terminalOptions: TerminalOptions { TerminalOptions(keyMap: keyMap, theme: theme) }

    var busConfiguration: EventBusConfiguration {
        EventBusConfiguration(
            maxListeners: maxListeners, enablePersistence: enablePersistence, enableMetrics: enableMetrics,
            middlewareTimeout: .milliseconds(Int64(middlewareTimeout * 1000)), subscriberBufferSize: subscriberBufferSize)
    }

    /// `$XDG_DATA_HOME/isomorphiq`, else `~/.local/share/isomorphiq`.
    static func defaultDataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/isomorphiq" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/isomorphiq"
    }

    /// `$XDG_CONFIG_HOME/isomorphiq/config.json`, else `~/.config/isomorphiq/config.json`.
    static func defaultConfigFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/isomorphiq/config.json" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.config/isomorphiq/config.json"
    }
}
