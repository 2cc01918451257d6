import Foundation
import Hummingbird

/// Where a request may carry its token: `Authorization: Bearer T`, or `?token=T` (WebSocket
/// upgrades and the web page, where browsers cannot set headers).
enum BearerToken {
    static func from(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return String(parts[1]).trimmingCharacters(in: .whitespaces)
            }
        }
        if let query = request.uri.queryParameters.get("token"), !query.isEmpty { return query }
        return nil
    }
}
