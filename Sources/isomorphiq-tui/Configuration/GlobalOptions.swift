import ArgumentParser
import Configuration

/// The flags every command that runs the core accepts. Each is optional: an absent flag leaves
/// the key to the environment, the file, or the default (see `SettingKey.all`).
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "Configuration file (default: $XDG_CONFIG_HOME/isomorphiq/config.json).")
    var configFile: String?

    @Option(name: .customLong("data-dir"), help: "Data directory (default: $XDG_DATA_HOME/isomorphiq).") var dataDir: String?
    @Option(name: .customLong("store"), help: "Event store: sqlite, postgres (several instances on one log) or memory.") var store: String?
    @Option(name: .customLong("database-url"), help: "For --store postgres: postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE (or ISOMORPHIQ_STORE_DATABASE_URL).")
    var databaseURL: String?
    @Option(name: .customLong("snapshot-every"), help: "Events between snapshots (default 1000).") var snapshotEvery: Int?
    @Option(name: .customLong("memory-capacity"), help: "Events kept by the memory store (default 10000).") var memoryCapacity: Int?
    @Option(name: .customLong("user"), help: "The local user (default $USER); an admin of this instance.") var user: String?
    @Option(name: .customLong("token"), help: "The local user's API token (or ISOMORPHIQ_TOKEN).") var token: String?
    @Option(name: .customLong("host"), help: "Address the server binds (default 127.0.0.1).") var host: String?
    @Option(name: .customLong("port"), help: "HTTP and WebSocket port (default 3002; 0 picks a free one).") var port: Int?
    @Option(name: .customLong("ws-path"), help: "WebSocket path (default /ws).") var wsPath: String?
    @Option(name: .customLong("tcp-port"), help: "TCP command port (default 3001; 0 disables).") var tcpPort: Int?
    @Option(name: .customLong("max-connections"), help: "Most WebSocket clients at once (default 1000).") var maxConnections: Int?
    @Option(name: .customLong("heartbeat"), help: "Seconds between server pings (default 30).") var heartbeat: Double?
    @Option(name: .customLong("ws-queue"), help: "Outbound messages queued per client (default 1024).") var wsQueue: Int?
    @Flag(name: .customLong("ws-compression"), inversion: .prefixedNo, help: "permessage-deflate when offered.") var wsCompression: Bool?
    @Option(name: .customLong("allow-origin"), help: "Another browser origin allowed to connect (repeatable).") var allowOrigin: [String] = []
    @Flag(name: .customLong("server"), inversion: .prefixedNo, help: "Run the HTTP/WebSocket server (default on).") var server: Bool?
    @Option(name: .customLong("header-timeout"), help: "Seconds a new HTTP connection may take to send its request head (default 10).")
    var headerTimeout: Double?
    @Option(name: .customLong("idle-timeout"), help: "Seconds an HTTP connection may idle, or a TCP one go without a token (default 60).")
    var idleTimeout: Double?
    @Option(name: .customLong("max-pending-connections"), help: "Most connections at once that have not authenticated (default 512).")
    var maxPendingConnections: Int?
    @Option(name: .customLong("max-listeners"), help: "Most bus subscriptions at once (default 1000).") var maxListeners: Int?
    @Flag(name: .customLong("enable-persistence"), inversion: .prefixedNo, help: "Store task events durably (default on).") var enablePersistence: Bool?
    @Flag(name: .customLong("enable-metrics"), inversion: .prefixedNo, help: "Record bus metrics (default on).") var enableMetrics: Bool?
    @Option(name: .customLong("middleware-timeout"), help: "Seconds one middleware step may take (default 5).") var middlewareTimeout: Double?
    @Option(name: .customLong("middleware"), help: "Middleware preset: default, production, development.") var middleware: String?
    @Option(name: .customLong("subscriber-buffer"), help: "Events buffered per bus subscriber (default 1024).") var subscriberBuffer: Int?
    @Option(name: .customLong("log-level"), help: "Log level (default info).") var logLevel: String?

    /// The values given on the command line, by configuration key.
    var flagValues: [String: ConfigContent] {
        var values: [String: ConfigContent] = [:]
        func put(_ key: String, _ content: ConfigContent?) { if let content { values[key] = content } }
        put("store.dataDir", dataDir.map(ConfigContent.string))
        put("store.kind", store.map(ConfigContent.string))
        put("store.databaseUrl", databaseURL.map(ConfigContent.string))
        put("store.snapshotEvery", snapshotEvery.map(ConfigContent.int))
        put("store.memoryCapacity", memoryCapacity.map(ConfigContent.int))
        put("user.name", user.map(ConfigContent.string))
        put("user.token", token.map(ConfigContent.string))
        put("websocket.host", host.map(ConfigContent.string))
        put("websocket.port", port.map(ConfigContent.int))
        put("websocket.path", wsPath.map(ConfigContent.string))
        put("tcp.port", tcpPort.map(ConfigContent.int))
        put("websocket.maxConnections", maxConnections.map(ConfigContent.int))
        put("websocket.heartbeatInterval", heartbeat.map(ConfigContent.double))
        put("websocket.messageQueueSize", wsQueue.map(ConfigContent.int))
        put("websocket.enableCompression", wsCompression.map(ConfigContent.bool))
        put("websocket.allowOrigins", allowOrigin.isEmpty ? nil : .stringArray(allowOrigin))
        put("server.enabled", server.map(ConfigContent.bool))
        put("server.headerTimeout", headerTimeout.map(ConfigContent.double))
        put("server.idleTimeout", idleTimeout.map(ConfigContent.double))
        put("server.maxPendingConnections", maxPendingConnections.map(ConfigContent.int))
        put("bus.maxListeners", maxListeners.map(ConfigContent.int))
        put("bus.enablePersistence", enablePersistence.map(ConfigContent.bool))
        put("bus.enableMetrics", enableMetrics.map(ConfigContent.bool))
        put("bus.middlewareTimeout", middlewareTimeout.map(ConfigContent.double))
        put("bus.middleware", middleware.map(ConfigContent.string))
        put("bus.subscriberBufferSize", subscriberBuffer.map(ConfigContent.int))
        put("log.level", logLevel.map(ConfigContent.string))
        return values
    }
}
