import Foundation
import Hummingbird

/// Where a request may carry its token: `Authorization: Bearer T` everywhere; `?token=T` only on
/// `GET /ws` (the WebSocket upgrade) and `GET /` (the web page), where browsers cannot set headers.
/// Anywhere else a query token is ignored (so it cannot end up in a link, a log or a cache that
/// replays a write).
enum BearerToken {
    /// The `GET` paths that take `?token=`.
    static let queryTokenPaths: Set<String> = ["/", "/ws"]

    static func from(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return String(parts[1]).trimmingCharacters(in: .whitespaces)
            }
        }
        guard request.method == .get, queryTokenPaths.contains(request.uri.path) else { return nil }
        if let query = request.uri.queryParameters.get("token"), !query.isEmpty { return query }
        return nil
    }
}
