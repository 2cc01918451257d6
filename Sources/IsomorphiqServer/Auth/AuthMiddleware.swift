import Logging
import Hummingbird

/// Refuses requests without a valid token (401); otherwise records its user in the context.
/// `/health` is open, so that probes need no secret.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let tokens: TokenStore

    static let openPaths: Set<String> = ["/health"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.openPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let token = BearerToken.from(request), let user = tokens.user(forToken: token) else {
            throw APIError.unauthorized
        }
        var context = context
        context.user = user
        context.logger[metadataKey: "user"] = .string(user.name)
        return try await next(request, context)
    }
}
