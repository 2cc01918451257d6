import HTTPTypes

/// Which methods each route takes, so that a known path with another method is `405` with
/// `Allow`, not `404`. Kept beside the routes it mirrors; `AllowedMethodsTests` checks it
/// against the router.
enum AllowedMethods {
    static let routes: [(pattern: [Substring], methods: [HTTPRequest.Method])] = [
        ("/api/tasks", [.get, .post]),
        ("/api/tasks/batch", [.post]),
        ("/api/tasks/available", [.get]),
        ("/api/tasks/blocking", [.get]),
        ("/api/tasks/critical-path", [.get]),
        ("/api/tasks/:id", [.get, .patch, .delete]),
        ("/api/tasks/:id/status", [.put]),
        ("/api/tasks/:id/priority", [.put]),
        ("/api/tasks/:id/assign", [.put]),
        ("/api/tasks/:id/collaborators", [.put]),
        ("/api/tasks/:id/watchers", [.put]),
        ("/api/tasks/:id/dependencies", [.put]),
        ("/api/tasks/:id/events", [.get]),
        ("/api/events", [.get]),
        ("/api/queue", [.get]),
        ("/api/clients", [.get]),
        ("/api/metrics", [.get]),
        ("/metrics", [.get]),
        ("/health", [.get]),
        ("/", [.get]),
    ].map { (path: String, methods: [HTTPRequest.Method]) in (path.split(separator: "/"), methods) }

    /// The methods `path` takes, or `nil` when no route has that shape. Constant segments win
    /// over `:id`, as in the router.
    static func methods(for path: String, webSocketPath: String) -> [HTTPRequest.Method]? {
        if path == webSocketPath { return [.get] }
        let segments = path.split(separator: "/")
        let matches = routes.filter { route in
            route.pattern.count == segments.count && zip(route.pattern, segments).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
        }
        let exact = matches.first { route in !route.pattern.contains { $0.hasPrefix(":") } }
        return (exact ?? matches.first)?.methods
    }
}
