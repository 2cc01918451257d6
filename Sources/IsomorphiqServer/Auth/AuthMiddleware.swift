import Logging
import Hummingbird

/// Refuses requests without a valid token (401); otherwise records its user in the context.
/// `/health` is open, so that probes need no secret. With `refuse` off it only identifies the
/// user (the WebSocket upgrade check answers refusals itself).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let tokens: TokenStore
    var webSocketPath = "/ws"
    var refuse = true

    static let openPaths: Set<String> = ["/health", "/"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) { return try await next(request, context) }
        let token = BearerToken.from(request, webSocketPath: webSocketPath)
        guard let token, let user = tokens.user(forToken: token) else {
            if refuse { throw APIError.unauthorized(token: token) }
            return try await next(request, context)
        }
        var context = context
        context.user = user
        context.logger[metadataKey: "user"] = .string(user.name)
        return try await next(request, context)
    }
}
