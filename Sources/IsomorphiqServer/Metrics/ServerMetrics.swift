import Synchronization

/// The server's own counts. Each is one relaxed atomic, cheap on the delivery path. Thread-safe.
final class ServerMetrics: Sendable {
    /// A point-in-time copy, the `server` part of `GET /api/metrics`.
    struct Snapshot: Sendable, Hashable, Codable {
        var connections: Int
        var connectionsAccepted: Int
        var connectionsRefused: Int
        var slowConsumerCloses: Int
        var badMessages: Int
        var messagesSent: Int
        var eventsEncoded: Int
        var tcpConnections: Int
        var tcpCommands: Int
    }

    let connections = Atomic<Int>(0)
    let connectionsAccepted = Atomic<Int>(0)
    let connectionsRefused = Atomic<Int>(0)
    let slowConsumerCloses = Atomic<Int>(0)
    let badMessages = Atomic<Int>(0)
    let messagesSent = Atomic<Int>(0)
    let eventsEncoded = Atomic<Int>(0)
    let tcpConnections = Atomic<Int>(0)
    let tcpCommands = Atomic<Int>(0)

    func snapshot() -> Snapshot {
        Snapshot(
            connections: connections.load(ordering: .relaxed),
            connectionsAccepted: connectionsAccepted.load(ordering: .relaxed),
            connectionsRefused: connectionsRefused.load(ordering: .relaxed),
            slowConsumerCloses: slowConsumerCloses.load(ordering: .relaxed),
            badMessages: badMessages.load(ordering: .relaxed),
            messagesSent: messagesSent.load(ordering: .relaxed),
            eventsEncoded: eventsEncoded.load(ordering: .relaxed),
            tcpConnections: tcpConnections.load(ordering: .relaxed),
            tcpCommands: tcpCommands.load(ordering: .relaxed))
    }
}

extension Atomic<Int> {
    func add(_ value: Int = 1) { wrappingAdd(value, ordering: .relaxed) }
}
