import Hummingbird
import HummingbirdWebSocket
import IsomorphiqCore

extension IsomorphiqServer {
    var upgradeGate: UpgradeGate {
        UpgradeGate(origins: OriginPolicy(allowed: configuration.allowedOrigins), hub: components.hub)
    }

    /// Every HTTP route. Derived views are registered before `tasks/:id` so they are not shadowed.
    func makeRouter() -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: AuthMiddleware(tokens: components.tokens))
        WebRoutes(resources: configuration.resourcesDirectory ?? ResourceLocator.find()).register(on: router)
        let api = router.group("api")
        SystemRoutes(components: components, exporter: PrometheusExporter(registry: prometheusRegistry)).register(on: router, api: api)
        BoardQueryRoutes(components: components).register(on: api)
        let tasks = TaskRoutes(components: components)
        TaskFieldRoutes(tasks: tasks).register(on: api)
        EventRoutes(components: components).register(on: api)
        tasks.register(on: api)
        // Reached only when the upgrade was refused or not asked for: say why.
        let gate = upgradeGate
        let metrics = components.metrics
        router.get("ws") { request, _ -> Response in
            if let refusal = gate.refusal(for: request) {
                if refusal.status == .serviceUnavailable { metrics.connectionsRefused.add() }
                throw refusal
            }
            throw APIError(.upgradeRequired, code: "upgrade_required", message: "GET /ws expects a WebSocket upgrade", headers: [.upgrade: "websocket"])
        }
        return router
    }

    /// The router the upgrade handler consults for `GET /ws`.
    func makeWebSocketRouter() -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: AuthMiddleware(tokens: components.tokens))
        let gate = upgradeGate
        let session = WebSocketSession(components: components)
        router.ws("ws") { request, _ in
            gate.refusal(for: request) == nil ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { inbound, outbound, context in
            try await session.run(inbound, outbound, context)
        }
        return router
    }
}
