public import Foundation
public import IsomorphiqCore
import Logging
import PostgresNIO

/// Presence across the instances of a shared log: each instance's `client_connected` /
/// `client_disconnected` events are written to `isomorphiq_clients` and `NOTIFY`d; every other
/// instance publishes them on its own bus (so its terminal UI's clients pane shows them) with
/// `metadata.source` = `instance:ID`, and lists them in `GET /api/clients` (`clients()`).
///
/// Each instance records when it was last seen every 5 s; the clients of an instance not seen for
/// 15 s (killed, cut off) are no longer listed. A clean stop removes its own rows.
public final class PostgresPresence: Sendable {
    /// This instance's id, unique per process.
    public let instance: String
    let client: PostgresClient
    let logger: Logger

    public init(_ store: PostgresEventStore, instance: String = String(UUID().uuidString.prefix(8)).lowercased()) {
        self.instance = instance
        client = store.client
        logger = store.logger
    }

    /// The live clients of every other instance.
    public func clients() async -> [(instance: String, presence: ClientPresence)] {
        let cutoff = Timestamp.milliseconds(Date()) - 15_000
        let me = instance
        let client = self.client, logger = self.logger
        do {
            return try await withDeadline(.seconds(2), "presence") {
                var found: [(instance: String, presence: ClientPresence)] = []
                let rows = try await client.query(
                    """
                    SELECT c.instance, c.presence FROM isomorphiq_clients c JOIN isomorphiq_instances i USING (instance)
                    WHERE c.instance <> \(me) AND i.seen_at >= \(cutoff) ORDER BY c.instance, c.connection_id
                    """, logger: logger)
                for try await (instance, json) in rows.decode((String, String).self) {
                    if let presence = try? Self.decoder.decode(ClientPresence.self, from: Data(json.utf8)) { found.append((instance, presence)) }
                }
                return found
            }
        } catch {
            logger.warning("cannot read the other instances' clients", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// Runs until cancelled: records this instance's presence events, relays the others' onto `bus`,
    /// and keeps this instance marked alive. Removes this instance's rows when it ends.
    public func run(bus: EventBus) async {
        let notifications = PostgresNotifications<String>(client: client, channel: PostgresSchema.presenceChannel, current: nil, logger: logger) { $0 }
        let relayed = notifications.stream()
        notifications.start()
        let subscription = try? bus.subscribe(EventFilter(types: [.clientConnected, .clientDisconnected]), name: "presence", bufferSize: 4_096)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                while !Task.isCancelled {
                    await beat()
                    try? await Task.sleep(for: .seconds(5))
                }
            }
            group.addTask { [self] in
                guard let subscription else { return }
                for await event in subscription where event.metadata.source == "server" { await record(event) }
            }
            group.addTask { [self] in
                for await payload in relayed { await relay(payload, to: bus) }
            }
            await withTaskCancellationHandler {
                await group.waitForAll()
            } onCancel: {
                notifications.finish()
                subscription?.cancel()
            }
        }
        _ = try? await client.query("DELETE FROM isomorphiq_clients WHERE instance = \(instance)", logger: logger)
        _ = try? await client.query("DELETE FROM isomorphiq_instances WHERE instance = \(instance)", logger: logger)
    }

    private func beat() async {
        let now = Timestamp.milliseconds(Date())
        do {
            try await client.query(
                """
                INSERT INTO isomorphiq_instances (instance, seen_at) VALUES (\(instance), \(now))
                ON CONFLICT (instance) DO UPDATE SET seen_at = EXCLUDED.seen_at
                """, logger: logger)
        } catch {
            logger.debug("presence heartbeat failed", metadata: ["error": "\(PostgresErrors.describe(error))"])
        }
    }

    private func record(_ event: Event) async {
        let connected = event.type == .clientConnected
        let presence: ClientPresence
        switch event.payload {
        case .clientConnected(let value), .clientDisconnected(let value): presence = value
        default: return
        }
        guard let json = try? String(decoding: Self.encoder.encode(presence), as: UTF8.self) else { return }
        let message = (connected ? "connected " : "disconnected ") + instance + " " + json
        do {
            if connected {
                try await client.query(
                    """
                    INSERT INTO isomorphiq_clients (instance, connection_id, presence) VALUES (\(instance), \(presence.connectionId), \(json))
                    ON CONFLICT (instance, connection_id) DO UPDATE SET presence = EXCLUDED.presence
                    """, logger: logger)
            } else {
                try await client.query("DELETE FROM isomorphiq_clients WHERE instance = \(instance) AND connection_id = \(presence.connectionId)", logger: logger)
            }
            // A NOTIFY payload is at most 8000 bytes; a presence is far smaller.
            try await client.query("SELECT pg_notify(\(PostgresSchema.presenceChannel), \(message))", logger: logger)
        } catch {
            logger.warning("cannot share a presence event", metadata: ["error": "\(PostgresErrors.describe(error))"])
        }
    }

    private func relay(_ payload: String, to bus: EventBus) async {
        let parts = payload.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[1] != instance,
              let presence = try? Self.decoder.decode(ClientPresence.self, from: Data(parts[2].utf8))
        else { return }
        let factory = EventFactory()
        var event = parts[0] == "connected" ? factory.clientConnected(presence) : factory.clientDisconnected(presence)
        var metadata = event.metadata
        metadata.source = "instance:" + parts[1]
        event = event.withMetadata(metadata)
        _ = try? await bus.publish(event)
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()
}
