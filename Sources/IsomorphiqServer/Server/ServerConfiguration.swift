public import Foundation

/// Everything the server needs to know besides the bus: where to listen and the limits it enforces.
///
/// Defaults are the documented ones (`docs/PROTOCOL.md`). Port `0` asks the system for a free
/// port (tests); the bound port is reported by `IsomorphiqServer.ready()`.
public struct ServerConfiguration: Sendable {
    /// The interface HTTP, WebSocket and TCP listen on.
    public var host: String
    /// HTTP and WebSocket (`/ws`) share it.
    public var port: Int
    /// Newline-delimited JSON commands; `nil` disables the TCP listener, `0` picks a free port
    /// (the CLI maps `--tcp-port 0` to `nil`).
    public var tcpPort: Int?
    /// How often the server pings each WebSocket; no pong within two intervals closes it.
    public var heartbeat: Duration
    /// Open WebSocket connections allowed at once; one more upgrade is refused with 503.
    public var maxConnections: Int
    /// Messages queued per WebSocket connection before it is closed as a slow consumer.
    public var webSocketQueueSize: Int
    /// Whether permessage-deflate is negotiated when a client offers it.
    public var compression: Bool
    /// Browser origins allowed to open `/ws` besides the server's own (`http://host:port`).
    public var allowedOrigins: Set<String>
    /// Largest REST request body; bigger is 413.
    public var maxBodySize: Int
    /// Largest WebSocket message and TCP line; bigger is close 1009 (WebSocket) or an error reply (TCP).
    public var maxMessageSize: Int
    /// Bad WebSocket messages tolerated per `badMessageWindow`; one more closes with 1008.
    public var badMessageLimit: Int
    public var badMessageWindow: Duration
    /// How long graceful shutdown waits for WebSocket clients to answer the close.
    public var drainTimeout: Duration
    /// How long a new HTTP connection may take to send its first request head; then 408 and close.
    public var headerTimeout: Duration
    /// How long an HTTP connection may sit between requests (or stall mid-body) before it is
    /// closed, and how long a TCP connection may stay without a valid token.
    public var idleTimeout: Duration
    /// Connections that have not yet authenticated, over HTTP and TCP together: HTTP ones until
    /// their first request has arrived whole (a WebSocket until its upgrade request), TCP ones
    /// until a line with a valid token. One more is answered 503 (HTTP) or an error line (TCP)
    /// and closed.
    public var maxPendingConnections: Int
    /// The directory holding `web/index.html`; found by `ResourceLocator` when `nil`.
    public var resourcesDirectory: URL?
    /// Reported in `welcome`, `/health` and the `Server` header.
    public var serverVersion: String
    /// The clients of other instances on a shared log, listed by `GET /api/clients` after this one's.
    public var clientsElsewhere: (any ClientsElsewhere)? = nil
    /// Where the WebSocket is upgraded (`--ws-path`): a path of its own, not `/`, `/api…`,
    /// `/health` or `/metrics` (`isValidWebSocketPath`). `/health` reports it; the page uses it.
    public var webSocketPath = "/ws"

    /// Whether `path` can be the WebSocket's: `/` then letters, digits, `-` `_` `.` `/`, not
    /// taken by another route.
    public static func isValidWebSocketPath(_ path: String) -> Bool {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard path.hasPrefix("/"), path.count <= 200, !segments.isEmpty, segments.allSatisfy({ !$0.isEmpty }) else { return false }
        guard path.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_./".unicodeScalars.contains($0)) }) else { return false }
        return !["api", "health", "metrics"].contains(String(segments.first!))
    }

    public init(
        host: String = "127.0.0.1",
        port: Int = 3002,
        tcpPort: Int? = 3001,
        heartbeat: Duration = .seconds(30),
        maxConnections: Int = 1000,
        webSocketQueueSize: Int = 1024,
        compression: Bool = false,
        allowedOrigins: Set<String> = [],
        maxBodySize: Int = 1 << 20,
        maxMessageSize: Int = 64 << 10,
        badMessageLimit: Int = 10,
        badMessageWindow: Duration = .seconds(10),
        drainTimeout: Duration = .seconds(5),
        headerTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60),
        maxPendingConnections: Int = 512,
        resourcesDirectory: URL? = nil,
        serverVersion: String = "0.1.0"
    ) {
        self.host = host
        self.port = port
        self.tcpPort = tcpPort
        self.heartbeat = heartbeat
        self.maxConnections = maxConnections
        self.webSocketQueueSize = webSocketQueueSize
        self.compression = compression
        self.allowedOrigins = allowedOrigins
        self.maxBodySize = maxBodySize
        self.maxMessageSize = maxMessageSize
        self.badMessageLimit = badMessageLimit
        self.badMessageWindow = badMessageWindow
        self.drainTimeout = drainTimeout
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxPendingConnections = maxPendingConnections
        self.resourcesDirectory = resourcesDirectory
        self.serverVersion = serverVersion
    }
}
