import Foundation
import IsomorphiqCore
import Logging
import NIOCore
import NIOWebSocket
import ServiceLifecycle
import Synchronization

/// The WebSocket bridge: one bus subscription for every connection. Each event is encoded once
/// into its envelope and the same bytes are offered to every connection's bounded queue.
///
/// Runs as a `Service`: `run()` pumps the bus until shutdown. Should the hub itself fall more
/// than its buffer behind the bus, it closes every connection as a slow consumer (they resume
/// by seq) and subscribes again. Thread-safe.
final class WebSocketHub: Service, Sendable {
    private struct State {
        var connections: [String: ClientConnection] = [:]
        /// The same connections, for fan-out without holding the lock.
        var snapshot: [ClientConnection] = []
        var nextID = 0
        var accepting = true
    }

    let bus: EventBus
    let maxConnections: Int
    let metrics: ServerMetrics
    let logger: Logger
    private let state = Mutex(State())
    private let subscription: Mutex<EventSubscription?>
    static let busBuffer = 65_536

    init(bus: EventBus, maxConnections: Int, metrics: ServerMetrics, logger: Logger) throws {
        self.bus = bus
        self.maxConnections = maxConnections
        self.metrics = metrics
        self.logger = logger
        // Subscribed at once, so that no event committed after the server is built is missed.
        self.subscription = Mutex(try bus.subscribe(.all, name: "websocket-hub", bufferSize: Self.busBuffer, policy: .end))
    }

    var connectionCount: Int { state.withLock { $0.connections.count } }

    /// Whether one more connection fits (checked at upgrade; `register` checks again).
    var hasRoom: Bool { state.withLock { $0.accepting && $0.connections.count < maxConnections } }

    func makeConnectionID() -> String {
        state.withLock { state in
            state.nextID += 1
            return "c\(state.nextID)-\(UUID().uuidString.prefix(8).lowercased())"
        }
    }

    /// Adds `connection` to the fan-out. Returns `false` when the limit is reached or the hub is closing.
    func register(_ connection: ClientConnection) -> Bool {
        let added = state.withLock { state -> Bool in
            guard state.accepting, state.connections.count < maxConnections else { return false }
            state.connections[connection.id] = connection
            state.snapshot.append(connection)
            return true
        }
        if added {
            metrics.connections.add()
            metrics.connectionsAccepted.add()
        } else {
            metrics.connectionsRefused.add()
        }
        return added
    }

    /// Removes `connection` from the fan-out; `false` when it was not registered.
    @discardableResult
    func unregister(_ connection: ClientConnection) -> Bool {
        let removed = state.withLock { state -> Bool in
            guard state.connections.removeValue(forKey: connection.id) != nil else { return false }
            state.snapshot.removeAll { $0 === connection }
            return true
        }
        if removed { metrics.connections.add(-1) }
        return removed
    }

    func clients() -> [ClientInfo] {
        state.withLock { $0.snapshot }.map { connection in
            ClientInfo(
                connectionId: connection.id, user: connection.user.name, program: connection.program, address: connection.address,
                connectedAt: Timestamp.format(connection.connectedAt), subscriptions: connection.subscriptions.json,
                queueDepth: connection.queueDepth, transport: connection.transport)
        }
    }

    /// Encodes `event` once and offers it to every connection.
    func fanOut(_ event: Event) {
        let bytes = SharedEvent(event: event, bytes: EventEnvelope.encode(event))
        metrics.eventsEncoded.add()
        let connections = state.withLock { $0.snapshot }
        // Idle live connections are written directly, one hop per event loop for all of them.
        var direct: [(loop: any EventLoop, connections: [ClientConnection])] = []
        for connection in connections where connection.offer(bytes) {
            guard let loop = connection.directChannel?.eventLoop else { continue }
            if let index = direct.firstIndex(where: { $0.loop === loop }) {
                direct[index].connections.append(connection)
            } else {
                direct.append((loop, [connection]))
            }
        }
        guard !direct.isEmpty else { return }
        let frame = WebSocketFrameBytes.text(bytes.bytes)
        for (loop, group) in direct {
            metrics.messagesSent.add(group.count)
            loop.execute {
                for connection in group { connection.writeDirectly(frame) }
            }
        }
    }

    func run() async throws {
        while !Task.isCancelledOrShuttingDown {
            guard let current = subscription.withLock({ $0 }) else { return }
            await withGracefulShutdownHandler {
                for await event in current { fanOut(event) }
            } onGracefulShutdown: {
                current.cancel()
            }
            guard case .overflow = current.end else { return }
            logger.error("the WebSocket hub fell behind the bus; closing every client so that they resume by seq")
            for connection in state.withLock({ $0.snapshot }) { connection.close(CloseCodes.slowConsumer, reason: "server overloaded; resume by seq") }
            let next = try bus.subscribe(.all, name: "websocket-hub", bufferSize: Self.busBuffer, policy: .end)
            subscription.withLock { $0 = next }
        }
    }

    /// Closes every WebSocket connection of `users` with 4001: their token was revoked or replaced.
    /// (A TCP session closes itself, subscribed or not: `TCPSession`.) Returns how many were closed.
    @discardableResult
    func closeConnections(of users: Set<UserID>) -> Int {
        let doomed = state.withLock { $0.snapshot }.filter { $0.transport != "tcp" && users.contains($0.user.name) }
        for connection in doomed { connection.close(CloseCodes.tokenRevoked, reason: "token revoked") }
        if !doomed.isEmpty {
            logger.info("closed the connections of revoked tokens", metadata: ["users": "\(users.sorted().joined(separator: ","))", "connections": "\(doomed.count)"])
        }
        return doomed.count
    }

    /// Stops accepting, asks every client to close with `code`, and waits up to `timeout` for them to go.
    func closeAll(_ code: WebSocketErrorCode, reason: String, timeout: Duration) async {
        let connections = state.withLock { state in
            state.accepting = false
            return state.snapshot
        }
        for connection in connections { connection.close(code, reason: reason) }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while connectionCount > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}

extension Task where Success == Never, Failure == Never {
    static var isCancelledOrShuttingDown: Bool { Task.isCancelled || Task.isShuttingDownGracefully }
}
