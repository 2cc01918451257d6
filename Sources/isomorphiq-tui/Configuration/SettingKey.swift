import Foundation
import Configuration
import IsomorphiqCore

/// One configurable knob: its key (in the file: nested objects; in the environment:
/// `ISOMORPHIQ_` + upper-case with `_`), its flag, and how it reads into `Settings`.
/// The table `SettingKey.all` drives loading, validation and `isomorphiq-tui config`.
struct SettingKey: Sendable {
    enum Value: Sendable {
        case int(any (WritableKeyPath<Settings, Int> & Sendable), ClosedRange<Int>)
        case double(any (WritableKeyPath<Settings, Double> & Sendable), ClosedRange<Double>)
        case bool(any (WritableKeyPath<Settings, Bool> & Sendable))
        case string(any (WritableKeyPath<Settings, String> & Sendable), allowed: [String]?)
        case optionalString(any (WritableKeyPath<Settings, String?> & Sendable))
        case strings(any (WritableKeyPath<Settings, [String]> & Sendable))
        case preset
    }

    let key: String
    let flag: String
    let help: String
    let value: Value
    var isSecret = false

    var configType: ConfigType {
        switch value {
        case .int: .int
        case .double: .double
        case .bool: .bool
        case .string, .optionalString, .preset: .string
        case .strings: .stringArray
        }
    }

    /// The environment variable that sets this key.
    var environmentName: String {
        "ISOMORPHIQ_" + key.replacingOccurrences(of: ".", with: "_").reduce(into: "") { name, character in
            if character.isUppercase { name += "_" }
            name += character.uppercased()
        }
    }

    static let all: [SettingKey] = [
        .init(key: "bus.maxListeners", flag: "--max-listeners", help: "most bus subscriptions at once", value: .int(\.maxListeners, 1...1_000_000)),
        .init(key: "bus.enablePersistence", flag: "--enable-persistence", help: "store task events durably", value: .bool(\.enablePersistence)),
        .init(key: "bus.enableMetrics", flag: "--enable-metrics", help: "record bus counts and latencies", value: .bool(\.enableMetrics)),
        .init(key: "bus.middlewareTimeout", flag: "--middleware-timeout", help: "seconds one middleware step may take", value: .double(\.middlewareTimeout, 0.001...3600)),
        .init(key: "bus.middleware", flag: "--middleware", help: "pipeline preset: default, production, development", value: .preset),
        .init(key: "bus.subscriberBufferSize", flag: "--subscriber-buffer", help: "events buffered per bus subscriber", value: .int(\.subscriberBufferSize, 1...1_000_000)),
        .init(key: "websocket.host", flag: "--host", help: "address the server binds", value: .string(\.host, allowed: nil)),
        .init(key: "websocket.port", flag: "--port", help: "HTTP and WebSocket port (0 picks a free one)", value: .int(\.port, 0...65535)),
        .init(key: "websocket.path", flag: "--ws-path", help: "WebSocket path", value: .string(\.path, allowed: nil)),
        .init(key: "websocket.maxConnections", flag: "--max-connections", help: "most WebSocket clients at once", value: .int(\.maxConnections, 1...100_000)),
        .init(key: "websocket.heartbeatInterval", flag: "--heartbeat", help: "seconds between server pings", value: .double(\.heartbeatInterval, 0.05...86_400)),
        .init(key: "websocket.enableCompression", flag: "--ws-compression", help: "permessage-deflate when the client offers it", value: .bool(\.enableCompression)),
        .init(key: "websocket.messageQueueSize", flag: "--ws-queue", help: "outbound messages queued per client", value: .int(\.messageQueueSize, 1...1_000_000)),
        .init(key: "websocket.allowOrigins", flag: "--allow-origin", help: "extra browser origins allowed to connect", value: .strings(\.allowOrigins)),
        .init(key: "server.headerTimeout", flag: "--header-timeout", help: "seconds a new HTTP connection may take to send its request head", value: .double(\.headerTimeout, 0.05...3600)),
        .init(key: "server.idleTimeout", flag: "--idle-timeout", help: "seconds an HTTP connection may idle between requests; a TCP one may go without a token", value: .double(\.idleTimeout, 0.05...86_400)),
        .init(key: "server.maxPendingConnections", flag: "--max-pending-connections", help: "most connections at once that have not authenticated", value: .int(\.maxPendingConnections, 1...1_000_000)),
        .init(key: "server.enabled", flag: "--server", help: "run the HTTP/WebSocket server (--no-server)", value: .bool(\.serverEnabled)),
        .init(key: "tcp.port", flag: "--tcp-port", help: "TCP command port (0 disables)", value: .int(\.tcpPort, 0...65535)),
        .init(key: "store.kind", flag: "--store", help: "sqlite, postgres or memory", value: .string(\.store, allowed: ["sqlite", "postgres", "memory"])),
        .init(key: "store.databaseUrl", flag: "--database-url", help: "PostgreSQL URL for --store postgres", value: .optionalString(\.databaseURL), isSecret: true),
        .init(key: "store.dataDir", flag: "--data-dir", help: "data directory", value: .string(\.dataDir, allowed: nil)),
        .init(key: "store.snapshotEvery", flag: "--snapshot-every", help: "events between snapshots", value: .int(\.snapshotEvery, 1...100_000_000)),
        .init(key: "store.memoryCapacity", flag: "--memory-capacity", help: "events kept by the memory store", value: .int(\.memoryCapacity, 1...100_000_000)),
        .init(key: "user.name", flag: "--user", help: "the local user (an admin of this instance)", value: .string(\.user, allowed: nil)),
        .init(key: "user.token", flag: "--token", help: "the local user's API token", value: .optionalString(\.token), isSecret: true),
        .init(key: "log.level", flag: "--log-level", help: "trace, debug, info, notice, warning, error, critical", value: .string(\.logLevel, allowed: ["trace", "debug", "info", "notice", "warning", "error", "critical"])),
    ]
}
