import HTTPTypes
import Logging
import Hummingbird

/// Turns every error a route throws (and "no such route") into the API's JSON error.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    var webSocketPath = "/ws"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            // No route: a known path with another method is 405.
            if let methods = AllowedMethods.methods(for: request.uri.path, webSocketPath: webSocketPath), !methods.contains(request.method) {
                let allow = methods.map(\.rawValue).joined(separator: ", ")
                let refusal = APIError(.methodNotAllowed, code: "method_not_allowed", message: "\(request.uri.path) takes \(allow)", headers: [.allow: allow])
                return try refusal.response(from: request, context: context)
            }
            return try APIError.from(error).response(from: request, context: context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            }
            return try apiError.response(from: request, context: context)
        }
    }
}
