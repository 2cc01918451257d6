import Foundation
import Hummingbird
import IsomorphiqCore

/// `/health`, `/api/clients`, `/api/metrics` (JSON) and `/metrics` (Prometheus text).
struct SystemRoutes {
    let components: ServerComponents
    let exporter: PrometheusExporter
    let startedAt = Date()

    struct Health: Encodable {
        var status = "ok"
        var version: String
        var seq: Int64
        var tasks: Int
        var connections: Int
        var uptimeSeconds: Int
        /// Where to open the WebSocket (`--ws-path`).
        var webSocketPath: String
    }

    struct Metrics: Encodable {
        var seq: Int64
        var bus: EventBusMetrics.Snapshot
        var server: ServerMetrics.Snapshot
        var store: EventStoreStatistics?
    }

    struct Clients: Encodable {
        var seq: Int64
        var clients: [ClientInfo]
    }

    func register(on router: Router<ServerRequestContext>, api: RouterGroup<ServerRequestContext>) {
        router.get("health") { _, _ in
            let board = components.bus.board
            let health = Health(
                version: components.configuration.serverVersion, seq: board.lastSeq, tasks: board.count,
                connections: components.hub.connectionCount, uptimeSeconds: Int(Date().timeIntervalSince(startedAt)),
                webSocketPath: components.configuration.webSocketPath)
            return try JSONResponse.make(health, seq: board.lastSeq)
        }
        router.get("metrics") { _, _ in
            let board = components.bus.board
            let text = exporter.render(
                bus: components.bus.metricsSnapshot(), server: components.metrics.snapshot(), lastSeq: board.lastSeq, tasks: board.count)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        api.get("metrics") { _, _ in
            let board = components.bus.board
            let store = try? await components.store.statistics()
            let metrics = Metrics(seq: board.lastSeq, bus: components.bus.metricsSnapshot(), server: components.metrics.snapshot(), store: store)
            return try JSONResponse.make(metrics, seq: board.lastSeq)
        }
        api.get("clients") { _, _ in
            let seq = components.bus.board.lastSeq
            var clients = components.hub.clients()
            for (instance, presence) in await components.configuration.clientsElsewhere?.clients() ?? [] {
                clients.append(ClientInfo(
                    connectionId: presence.connectionId, user: presence.user, program: presence.program, address: presence.address,
                    connectedAt: Timestamp.format(presence.at), subscriptions: .null, queueDepth: 0, transport: "websocket", instance: instance))
            }
            return try JSONResponse.make(Clients(seq: seq, clients: clients), seq: seq)
        }
    }
}
