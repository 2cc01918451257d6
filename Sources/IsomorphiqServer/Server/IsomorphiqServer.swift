import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import HummingbirdWSCompression
public import IsomorphiqCore
public import Logging
import NIOCore
import NIOPosix
public import Prometheus
public import ServiceLifecycle
import Synchronization

/// The HTTP + WebSocket server (and the TCP command listener) over one bus.
///
/// A `Service`: run it in the executable's `ServiceGroup`. On graceful shutdown it stops
/// accepting, closes every WebSocket with 1001, waits up to `drainTimeout` for them to go, then
/// stops the listeners. `ready()` reports the bound ports (useful with port 0) or the bind error.
///
/// ```swift
/// let server = try IsomorphiqServer(bus: bus, service: service, tokens: tokens, configuration: .init(port: 0))
/// async let running: Void = server.run()
/// let ports = try await server.ready()
/// ```
public final class IsomorphiqServer: Service, Sendable {
    public let configuration: ServerConfiguration
    /// Where `/metrics` is rendered; the executable may bootstrap swift-metrics with it too.
    public let prometheusRegistry: PrometheusCollectorRegistry
    let components: ServerComponents
    private let readySignal = ReadySignal()
    /// The ports bound so far; `ready()` resolves once HTTP (and TCP, when enabled) are both known.
    private let bound = Mutex<(http: Int?, tcp: Int?)>((nil, nil))

    /// - Parameters:
    ///   - store: the log read by `/api/events` and replays; the bus's store by default.
    /// - Throws: `EventBusError` when the bus has no room for the server's subscription.
    public init(
        bus: EventBus, service: TaskService, store: (any EventStore)? = nil, tokens: TokenStore,
        configuration: ServerConfiguration = ServerConfiguration(), logger: Logger = Logger(label: "isomorphiq.server")
    ) throws {
        self.configuration = configuration
        self.prometheusRegistry = PrometheusCollectorRegistry()
        let metrics = ServerMetrics()
        let hub = try WebSocketHub(bus: bus, maxConnections: configuration.maxConnections, metrics: metrics, logger: logger)
        self.components = ServerComponents(
            bus: bus, service: service, store: store ?? bus.store, tokens: tokens, configuration: configuration, hub: hub,
            metrics: metrics, pending: PendingConnections(limit: configuration.maxPendingConnections), logger: logger)
        tokens.onRevocation { [weak hub] users in hub?.closeConnections(of: users) }
    }

    /// The bound ports once listening; throws `ServerError` if binding failed.
    public func ready() async throws -> BoundPorts {
        try await readySignal.wait()
    }

    public func run() async throws {
        let group = ServiceGroup(configuration: .init(services: [.init(service: makeHTTPService())], logger: components.logger))
        let hub = components.hub
        let drain = configuration.drainTimeout
        // `token add` / `token revoke` from another process take effect here at once.
        let watcher = TokenFileWatcher.start(components.tokens, logger: components.logger)
        do {
            try await withGracefulShutdownHandler {
                try await group.run()
            } onGracefulShutdown: {
                Task {
                    await hub.closeAll(CloseCodes.goingAway, reason: "server shutting down", timeout: drain)
                    await group.triggerGracefulShutdown()
                }
            }
            await watcher?.stop()
        } catch {
            await watcher?.stop()
            let mapped = mapBindError(error)
            readySignal.resolve(.failure(mapped ?? .stoppedBeforeReady))
            throw mapped ?? error
        }
        readySignal.resolve(.failure(.stoppedBeforeReady))
    }

    /// The application: HTTP routes, the WebSocket upgrade, and as its services the hub and the
    /// TCP listener. `run()` runs it; tests may drive it in Hummingbird's `.router` mode.
    func makeApplication() -> some ApplicationProtocol {
        var services: [any Service] = [components.hub]
        if let tcp = makeTCPServer() { services.append(tcp) }
        let configuration = configuration
        return Application(
            router: makeRouter(),
            server: serverBuilder(ws: webSocketConfiguration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "isomorphiq-tui/\(configuration.serverVersion)"),
            services: services,
            onServerRunning: { [self] channel in
                await AcceptPressureHandler.install(on: channel, logger: components.logger)
                await announce(httpPort: channel.localAddress?.port ?? configuration.port)
            },
            logger: components.logger)
    }

    /// The same routes, services and channel as `makeApplication()`, run without Hummingbird's
    /// once-a-second date task (`QuietHTTPService`), so an idle server never wakes.
    func makeHTTPService() -> some Service {
        var services: [any Service] = [components.hub]
        if let tcp = makeTCPServer() { services.append(tcp) }
        let configuration = configuration
        return QuietHTTPService(
            responder: makeRouter().buildResponder(),
            server: serverBuilder(ws: webSocketConfiguration),
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "isomorphiq-tui/\(configuration.serverVersion)",
            services: services,
            onServerRunning: { [self] channel in
                await AcceptPressureHandler.install(on: channel, logger: components.logger)
                await announce(httpPort: channel.localAddress?.port ?? configuration.port)
            },
            logger: components.logger)
    }

    private var webSocketConfiguration: WebSocketServerConfiguration {
        WebSocketServerConfiguration(
            maxFrameSize: configuration.maxMessageSize,
            // Extensions see received frames last to first: the mask check comes before inflating.
            extensions: (configuration.compression ? [ClientFrameRules.deflate(limit: configuration.maxMessageSize + 1)] : []) + [ClientFrameRules.masked],
            // WebSocketSession installs HeartbeatHandler instead: no ping task per connection.
            autoPing: .disabled,
            closeTimeout: configuration.drainTimeout,
            validateUTF8: true)
    }

    /// Hummingbird's HTTP/1 + WebSocket upgrade channel, with refusals answered properly and the
    /// connection guards in front (`RefusingUpgradeChannel`).
    private func serverBuilder(ws: WebSocketServerConfiguration) -> HTTPServerBuilder {
        let refusals = UpgradeRefusals()
        let responder = makeWebSocketRouter(refusals: refusals).buildResponder()
        let http1 = Self.http1Configuration(idleTimeout: configuration.idleTimeout)
        let pending = components.pending
        let headerTimeout = configuration.headerTimeout
        return HTTPServerBuilder { httpResponder in
            RefusingUpgradeChannel(
                inner: HTTP1WebSocketUpgradeChannel(
                    responder: httpResponder, webSocketResponder: responder, configuration: .init(http1: http1, ws: ws)),
                refusals: refusals, pending: pending, headerTimeout: headerTimeout, maxRequestLine: Self.maxRequestLine)
        }
    }

    /// The longest request line (method, target, version) accepted; longer is 414.
    static let maxRequestLine = 8 << 10

    /// Header limits (one field at most 8 KiB, 64 KiB and 100 fields in all; over is 431) and the
    /// idle timeout between requests.
    static func http1Configuration(idleTimeout: Duration) -> HTTP1Channel.Configuration {
        HTTP1Channel.Configuration(
            idleTimeout: TimeAmount(idleTimeout),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: 8 << 10, maxHeaderListSize: 64 << 10, maxHeaderFieldCount: 100))
    }

    private func announce(httpPort: Int) async {
        record(http: httpPort)
    }

    func tcpBound(_ port: Int) {
        record(tcp: port)
    }

    /// Whichever listener reports last resolves `ready()`, so neither waits on the other.
    private func record(http: Int? = nil, tcp: Int? = nil) {
        let tcpEnabled = configuration.tcpPort != nil
        let host = configuration.host
        let ports: BoundPorts? = bound.withLock { bound in
            if let http { bound.http = http }
            if let tcp { bound.tcp = tcp }
            guard let httpPort = bound.http, !tcpEnabled || bound.tcp != nil else { return nil }
            return BoundPorts(host: host, http: httpPort, tcp: bound.tcp)
        }
        guard let ports else { return }
        readySignal.resolve(.success(ports))
        components.logger.info("listening", metadata: ["http": "\(ports.host):\(ports.http)", "tcp": "\(ports.tcp.map(String.init) ?? "off")"])
    }

    private func mapBindError(_ error: any Error) -> ServerError? {
        if let tcp = error as? TCPBindFailure { return mapBindError(tcp.underlying, port: tcp.port, flag: "--tcp-port") }
        return mapBindError(error, port: configuration.port, flag: "--port")
    }

    private func mapBindError(_ error: any Error, port: Int, flag: String) -> ServerError? {
        let text = String(describing: error)
        if let io = error as? IOError, io.errnoCode == EADDRINUSE { return .addressInUse(host: configuration.host, port: port, flag: flag) }
        if text.contains("Address already in use") { return .addressInUse(host: configuration.host, port: port, flag: flag) }
        if text.contains("bind") || error is IOError || error is SocketAddressError {
            return .cannotBind(host: configuration.host, port: port, reason: text)
        }
        return nil
    }
}
