import Foundation
import Hummingbird
import HummingbirdWebSocket
import IsomorphiqCore
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// One WebSocket connection from upgrade to close: registers it with the hub, sends `welcome`,
/// replays from `?since=`, answers client messages, writes the queue, and publishes presence.
struct WebSocketSession: Sendable {
    let components: ServerComponents

    private var hub: WebSocketHub { components.hub }
    private var configuration: ServerConfiguration { components.configuration }

    func run(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, _ context: WebSocketRouterContext<ServerRequestContext>) async throws {
        guard let user = context.requestContext.user else { return try await outbound.close(.policyViolation, reason: "unauthenticated") }
        let parameters = context.request.uri.queryParameters
        let since = parameters.get("since").flatMap { Int64($0) }.map { max(0, $0) }
        let channel = context.requestContext.channel
        let grace = TimeAmount.nanoseconds(Int64(configuration.drainTimeout.components.seconds) * 1_000_000_000 + configuration.drainTimeout.components.attoseconds / 1_000_000_000)
        let direct = !(configuration.compression && context.request.headers[values: .secWebSocketExtensions].contains { $0.contains("permessage-deflate") })
        let connection = ClientConnection(
            id: hub.makeConnectionID(), user: user, address: context.requestContext.remoteAddress,
            program: parameters.get("program").map { String($0.prefix(64)) }, capacity: configuration.webSocketQueueSize, metrics: components.metrics,
            directChannel: direct ? channel : nil, onOverflow: { channel.eventLoop.scheduleTask(in: grace) { channel.close(promise: nil) } })
        _ = try? await channel.pipeline.removeHandler(name: UpgradeRefusalHandler.name).get()
        await connection.prepareDirectWrites()
        guard hub.register(connection) else {
            return try await outbound.close(CloseCodes.tryAgainLater, reason: "too many connections (limit \(hub.maxConnections))")
        }
        let logger = context.logger.with(connection: connection.id)
        await publishPresence(connection, connected: true, logger: logger)

        let replaying = ReplayFlag()
        let outcome: Result<Void, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { await write(connection, to: outbound, channel: direct ? channel : nil, logger: logger) }
            group.addTask {
                let seq = components.bus.board.lastSeq
                connection.send(ServerMessage.welcome(
                    serverVersion: configuration.serverVersion, connection: connection, seq: seq, heartbeat: configuration.heartbeat,
                    maxMessageBytes: configuration.maxMessageSize))
                await replay(connection, after: since, through: seq)
                replaying.end()
            }
            let outcome: Result<Void, any Error>
            do {
                try await read(inbound, outbound, connection) { afterSeq in
                    guard replaying.begin() else {
                        connection.send(ServerMessage.error(code: "replay_in_progress", message: "a replay is running; resume again when it has finished"))
                        return
                    }
                    connection.beginReplay(rewindTo: afterSeq)
                    group.addTask {
                        await replay(connection, after: afterSeq, through: components.bus.board.lastSeq)
                        replaying.end()
                    }
                }
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            connection.finish()
            group.cancelAll()
            return outcome
        }
        hub.unregister(connection)
        await publishPresence(connection, connected: false, logger: logger)
        try outcome.get()
    }

    /// Reads client messages until the peer closes. Bad ones get an `error` reply; past the
    /// budget, or on a binary frame, the connection is closed with the code the protocol names.
    /// Oversized messages and invalid UTF-8 are thrown by the handler, which closes with 1009 / 1007.
    private func read(
        _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, _ connection: ClientConnection,
        resume: (Int64) -> Void
    ) async throws {
        var budget = BadInputBudget(limit: configuration.badMessageLimit, window: configuration.badMessageWindow)
        for try await message in inbound.messages(maxSize: configuration.maxMessageSize) {
            guard case .text(let text) = message else {
                components.metrics.badMessages.add()
                connection.finish()
                try await outbound.close(CloseCodes.unsupportedData, reason: "binary frames are not accepted: send JSON text")
                return
            }
            // With permessage-deflate the frame limit applies to compressed bytes: check the message.
            guard text.utf8.count <= configuration.maxMessageSize else {
                connection.finish()
                try await outbound.close(CloseCodes.messageTooBig, reason: "a message may be at most \(configuration.maxMessageSize) bytes")
                return
            }
            do throws(ClientMessage.Refusal) {
                try handle(ClientMessage.parse(text), connection, resume: resume)
            } catch {
                components.metrics.badMessages.add()
                connection.send(ServerMessage.error(code: error.code, message: error.message))
                if !budget.record(at: ContinuousClock.now) {
                    connection.finish()
                    try await outbound.close(CloseCodes.policyViolation, reason: "more than \(budget.limit) bad messages in \(budget.window)")
                    return
                }
            }
        }
    }

    private func handle(_ message: ClientMessage, _ connection: ClientConnection, resume: (Int64) -> Void) {
        switch message {
        case .subscribe(let types, let ids):
            connection.send(ServerMessage.subscriptions("subscribed", connection.updateSubscriptions { $0.add(types: types, taskIDs: ids) }))
        case .unsubscribe(let types, let ids):
            connection.send(ServerMessage.subscriptions("unsubscribed", connection.updateSubscriptions { $0.remove(types: types, taskIDs: ids) }))
        case .ping(let id):
            connection.send(ServerMessage.pong(id: id, seq: components.bus.board.lastSeq))
        case .hello(let program, _):
            connection.program = program
            connection.send(ServerMessage.helloAck(connection: connection))
        case .resume(let afterSeq):
            resume(afterSeq)
        }
    }

    /// Writes the connection's queue until it closes. Write errors (the peer went away) end it quietly.
    ///
    /// Without an extension to apply (no permessage-deflate), a batch goes straight to the channel
    /// in one event-loop hop and one flush, and the writer waits for its last write before taking
    /// the next batch; that is the backpressure the bounded queue relies on. With compression,
    /// frames go through Hummingbird's writer, which applies the extension.
    private func write(_ connection: ClientConnection, to outbound: WebSocketOutboundWriter, channel: (any Channel)?, logger: Logger) async {
        do {
            while true {
                switch await connection.next() {
                case .messages(let batch):
                    if let channel {
                        try await Self.writeDirectly(batch, to: channel)
                    } else {
                        for message in batch {
                            try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: message.bytes)))
                        }
                    }
                    connection.batchWritten()
                    components.metrics.messagesSent.add(batch.count)
                case .close(let code, let reason):
                    try await outbound.close(code, reason: reason)
                    return
                case .stop:
                    return
                }
            }
        } catch {
            logger.debug("WebSocket write ended", metadata: ["error": "\(error)"])
            connection.finish()
        }
    }

    private static func writeDirectly(_ batch: [OutboundMessage], to channel: any Channel) async throws {
        let written: EventLoopFuture<Void> = channel.eventLoop.flatSubmit {
            let promise = channel.eventLoop.makePromise(of: Void.self)
            for (index, message) in batch.enumerated() {
                channel.write(WebSocketFrame(fin: true, opcode: .text, data: message.bytes), promise: index == batch.count - 1 ? promise : nil)
            }
            channel.flush()
            return promise.futureResult
        }
        try await written.get()
    }

    /// Replays stored events after `after` through `through`, then goes live. Without `after`
    /// (a plain connect) it only goes live at `through`.
    private func replay(_ connection: ClientConnection, after: Int64?, through last: Int64) async {
        guard let after else { return connection.endReplay(through: last) }
        guard after < last else {
            connection.send(ServerMessage.resumed(afterSeq: after, throughSeq: last, replayed: 0))
            return connection.endReplay(through: max(after, last))
        }
        do {
            let first = try await components.store.firstSeq()
            guard first > 0, after + 1 >= first else {
                connection.send(ServerMessage.resyncRequired(afterSeq: after, firstSeq: first, seq: last))
                return connection.endReplay(through: last)
            }
            var cursor = after
            var count = 0
            while cursor < last {
                let page = try await components.store.read(EventQuery(afterSeq: cursor, throughSeq: last, limit: 512))
                guard let end = page.last?.seq else { break }
                let subscriptions = connection.subscriptions
                for event in page where subscriptions.matches(event) {
                    guard await connection.enqueueReplayed(OutboundMessage(bytes: EventEnvelope.encode(event), seq: event.seq)) else { return }
                    count += 1
                }
                cursor = end
            }
            connection.send(ServerMessage.resumed(afterSeq: after, throughSeq: last, replayed: count))
            connection.endReplay(through: last)
        } catch {
            connection.send(ServerMessage.error(code: "unavailable", message: "the log cannot be read: \(error)"))
            connection.endReplay(through: last)
        }
    }

    private func publishPresence(_ connection: ClientConnection, connected: Bool, logger: Logger) async {
        let presence = ClientPresence(connectionId: connection.id, user: connection.user.name, program: connection.program, address: connection.address, at: Date())
        let factory = EventFactory()
        do {
            try await components.bus.publish(connected ? factory.clientConnected(presence) : factory.clientDisconnected(presence))
        } catch {
            logger.warning("presence event refused", metadata: ["error": "\(error)"])
        }
    }
}

/// Whether a replay is running on a connection; one at a time.
private final class ReplayFlag: Sendable {
    private let running = Atomic<Bool>(true)

    /// Marks a replay as started; `false` when one is running already.
    func begin() -> Bool { !running.exchange(true, ordering: .sequentiallyConsistent) }
    func end() { running.store(false, ordering: .sequentiallyConsistent) }
}

extension Logger {
    fileprivate func with(connection id: String) -> Logger {
        var logger = self
        logger[metadataKey: "connection"] = .string(id)
        return logger
    }
}
