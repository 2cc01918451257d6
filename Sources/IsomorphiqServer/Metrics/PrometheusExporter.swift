import IsomorphiqCore
import Prometheus

/// `GET /metrics`: the bus's and the server's figures in Prometheus text format.
///
/// Figures are read from their snapshots at scrape time into one registry, so the text always
/// agrees with `GET /api/metrics`. Counts that only grow are exposed as counters.
final class PrometheusExporter: Sendable {
    let registry: PrometheusCollectorRegistry

    init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    func render(bus: EventBusMetrics.Snapshot, server: ServerMetrics.Snapshot, lastSeq: Int64, tasks: Int) -> String {
        counter("isomorphiq_bus_published_total", "Events published on the bus", bus.published)
        counter("isomorphiq_bus_delivered_total", "Events delivered to bus subscribers", bus.delivered)
        counter("isomorphiq_bus_rejected_total", "Events refused by middleware", bus.rejected)
        counter("isomorphiq_bus_dropped_total", "Events dropped at a subscriber's buffer bound", bus.dropped)
        counter("isomorphiq_bus_errors_total", "Subscriber and store errors", bus.errors)
        gauge("isomorphiq_bus_latency_p50_microseconds", "Publish-to-delivery latency, median", Double(bus.latencyP50Microseconds))
        gauge("isomorphiq_bus_latency_p99_microseconds", "Publish-to-delivery latency, 99th percentile", Double(bus.latencyP99Microseconds))
        gauge("isomorphiq_bus_listeners", "Bus subscriptions", Double(bus.listenerCount))
        gauge("isomorphiq_log_last_seq", "Seq of the newest stored event", Double(lastSeq))
        gauge("isomorphiq_tasks", "Tasks on the board", Double(tasks))
        gauge("isomorphiq_ws_connections", "Open WebSocket connections", Double(server.connections))
        counter("isomorphiq_ws_connections_accepted_total", "WebSocket connections accepted", server.connectionsAccepted)
        counter("isomorphiq_ws_connections_refused_total", "WebSocket upgrades refused at the connection limit", server.connectionsRefused)
        counter("isomorphiq_ws_slow_consumer_closes_total", "Connections closed for falling behind", server.slowConsumerCloses)
        counter("isomorphiq_ws_bad_messages_total", "Malformed WebSocket messages received", server.badMessages)
        counter("isomorphiq_ws_messages_sent_total", "WebSocket messages queued for sending", server.messagesSent)
        counter("isomorphiq_ws_events_encoded_total", "Events encoded for fan-out (once each)", server.eventsEncoded)
        gauge("isomorphiq_tcp_connections", "Open TCP command connections", Double(server.tcpConnections))
        counter("isomorphiq_tcp_commands_total", "TCP commands handled", server.tcpCommands)
        return registry.emitToString()
    }

    private func counter(_ name: String, _ help: String, _ value: Int) {
        let counter = registry.makeCounter(name: name, help: help)
        counter.reset()
        counter.increment(by: Int64(value))
    }

    private func gauge(_ name: String, _ help: String, _ value: Double) {
        registry.makeGauge(name: name, help: help).set(value)
    }
}
