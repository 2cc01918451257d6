import HTTPTypes
import Hummingbird

/// Decides whether `GET /ws` may become a WebSocket: origin, then the connection limit.
/// (The token is checked before, by `AuthMiddleware`.) Both the upgrade router and the plain
/// router ask it, so a refused upgrade gets the same JSON error as any other request.
struct UpgradeGate: Sendable {
    let origins: OriginPolicy
    let hub: WebSocketHub

    func refusal(for request: Request) -> APIError? {
        if !origins.permits(origin: request.headers[.origin], host: request.head.authority ?? request.headers[.host]) {
            return APIError(.forbidden, code: "forbidden_origin", message: "WebSocket connections from origin \(request.headers[.origin] ?? "?") are not allowed (see --allow-origin)")
        }
        if !hub.hasRoom {
            return APIError(.serviceUnavailable, code: "too_many_connections", message: "the server has its maximum of \(hub.maxConnections) WebSocket connections", headers: [.retryAfter: "5"])
        }
        return nil
    }
}

extension HTTPField.Name {
    static let origin = HTTPField.Name("Origin")!
    static let host = HTTPField.Name("Host")!
}
