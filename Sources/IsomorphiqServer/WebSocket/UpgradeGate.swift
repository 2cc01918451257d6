import HTTPTypes
import Hummingbird

/// Decides whether `GET /ws` may become a WebSocket: token, origin, then the connection limit.
/// Both the upgrade router and the plain router ask it, so a refused upgrade gets the same JSON
/// error as any other request.
struct UpgradeGate: Sendable {
    let tokens: TokenStore
    let origins: OriginPolicy
    let hub: WebSocketHub
    let metrics: ServerMetrics
    let webSocketPath: String

    /// The token's user, or why the upgrade is refused.
    func check(_ request: Request) -> Result<AuthenticatedUser, APIError> {
        let token = BearerToken.from(request, webSocketPath: webSocketPath)
        guard let token, let user = tokens.user(forToken: token) else { return .failure(.unauthorized(token: token)) }
        if !origins.permits(origin: request.headers[.origin], host: request.head.authority ?? request.headers[.host]) {
            return .failure(APIError(.forbidden, code: "forbidden_origin", message: "WebSocket connections from origin \(request.headers[.origin] ?? "?") are not allowed (see --allow-origin)"))
        }
        if !hub.hasRoom {
            metrics.connectionsRefused.add()
            return .failure(APIError(.serviceUnavailable, code: "too_many_connections", message: "the server has its maximum of \(hub.maxConnections) WebSocket connections", headers: [.retryAfter: "5"]))
        }
        return .success(user)
    }
}

extension HTTPField.Name {
    static let origin = HTTPField.Name("Origin")!
    static let host = HTTPField.Name("Host")!
}
