import Logging
import Hummingbird
import HummingbirdWebSocket
import IsomorphiqCore

extension IsomorphiqServer {
    var upgradeGate: UpgradeGate {
        UpgradeGate(tokens: components.tokens, origins: OriginPolicy(allowed: configuration.allowedOrigins), hub: components.hub, metrics: components.metrics, webSocketPath: configuration.webSocketPath)
    }

    /// Every HTTP route. Derived views are registered before `tasks/:id` so they are not shadowed.
    func makeRouter() -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: ErrorMiddleware(webSocketPath: configuration.webSocketPath))
        router.add(middleware: AuthMiddleware(tokens: components.tokens, webSocketPath: configuration.webSocketPath))
        WebRoutes(resources: configuration.resourcesDirectory ?? ResourceLocator.find(), webSocketPath: configuration.webSocketPath).register(on: router)
        let api = router.group("api")
        SystemRoutes(components: components, exporter: PrometheusExporter(registry: prometheusRegistry)).register(on: router, api: api)
        BoardQueryRoutes(components: components).register(on: api)
        let tasks = TaskRoutes(components: components)
        TaskFieldRoutes(tasks: tasks).register(on: api)
        EventRoutes(components: components).register(on: api)
        tasks.register(on: api)
        // Reached only when the upgrade was refused or not asked for: say why.
        let gate = upgradeGate
        let path = configuration.webSocketPath
        router.get(RouterPath(path)) { request, _ -> Response in
            if case .failure(let refusal) = gate.check(request) { throw refusal }
            throw APIError(.upgradeRequired, code: "upgrade_required", message: "GET \(path) expects a WebSocket upgrade", headers: [.upgrade: "websocket"])
        }
        return router
    }

    /// The router the upgrade handler consults for `GET /ws`.
    /// Refusals are recorded for `UpgradeRefusalHandler` to answer with their own status.
    func makeWebSocketRouter(refusals: UpgradeRefusals) -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: AuthMiddleware(tokens: components.tokens, webSocketPath: configuration.webSocketPath, refuse: false))
        let gate = upgradeGate
        let session = WebSocketSession(components: components)
        router.ws(RouterPath(configuration.webSocketPath)) { request, context in
            switch gate.check(request) {
            case .success:
                return .upgrade([:])
            case .failure(let refusal):
                context.logger.debug("WebSocket upgrade refused", metadata: ["status": "\(refusal.status.code)"])
                refusals.record(refusal, for: context.channel)
                return .dontUpgrade
            }
        } onUpgrade: { inbound, outbound, context in
            try await session.run(inbound, outbound, context)
        }
        return router
    }
}
