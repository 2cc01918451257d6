import Foundation
import Hummingbird

/// Where a request may carry its token: `Authorization: Bearer T` everywhere; `?token=T` only on
/// the WebSocket upgrade (`GET /ws`, or `--ws-path`) and `GET /` (the web page), where browsers
/// cannot set headers.
/// Anywhere else a query token is ignored (so it cannot end up in a link, a log or a cache that
/// replays a write).
enum BearerToken {
    /// `webSocketPath`: the upgrade's path, which also takes `?token=` (as `/` does).
    static func from(_ request: Request, webSocketPath: String) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return String(parts[1]).trimmingCharacters(in: .whitespaces)
            }
        }
        guard request.method == .get, request.uri.path == "/" || request.uri.path == webSocketPath else { return nil }
        if let query = request.uri.queryParameters.get("token"), !query.isEmpty { return query }
        return nil
    }
}
