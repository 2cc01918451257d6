import IsomorphiqCore
import Logging

/// What the routes, the WebSocket bridge and the TCP listener share.
struct ServerComponents: Sendable {
    let bus: EventBus
    let service: TaskService
    let store: any EventStore
    let tokens: TokenStore
    let configuration: ServerConfiguration
    let hub: WebSocketHub
    let metrics: ServerMetrics
    /// Connections not yet authenticated, HTTP and TCP together (`maxPendingConnections`).
    let pending: PendingConnections
    let logger: Logger

    /// The context every change made through the server is recorded under.
    func context(for user: AuthenticatedUser, source: String, session: String? = nil) -> EventContext {
        EventContext(userId: user.name, sessionId: session, source: source)
    }
}
