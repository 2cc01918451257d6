import Foundation
import Hummingbird
import HummingbirdWebSocket
import IsomorphiqCore
import Logging
import NIOCore
import NIOWebSocket

/// One WebSocket connection from upgrade to close: registers it with the hub, sends `welcome`,
/// replays from `?since=`, answers client messages, writes the queue, and publishes presence.
///
/// The connection's own task (Hummingbird's) only reads. Everything else runs in short-lived
/// tasks: the writer while something is queued, and the start (presence, welcome, replay) and
/// each `resume`. A task keeps the stack memory of its deepest call until it ends, so an idle
/// connection holds only the reader's.
struct WebSocketSession: Sendable {
    let components: ServerComponents

    private var hub: WebSocketHub { components.hub }
    private var configuration: ServerConfiguration { components.configuration }

    func run(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, _ context: WebSocketRouterContext<ServerRequestContext>) async throws {
        guard let connection = makeConnection(context) else { return try await outbound.close(.policyViolation, reason: "unauthenticated") }
        guard hub.hasRoom else {
            return try await outbound.close(CloseCodes.tryAgainLater, reason: "too many connections (limit \(hub.maxConnections))")
        }
        let since = context.request.uri.queryParameters.get("since").flatMap { Int64($0) }.map { max(0, $0) }
        try await serve(connection, inbound, outbound, channel: context.requestContext.channel, since: since, logger: context.logger)
    }

    /// The hub's view of the upgraded connection; `nil` without an authenticated user.
    private func makeConnection(_ context: WebSocketRouterContext<ServerRequestContext>) -> ClientConnection? {
        guard let user = context.requestContext.user else { return nil }
        let channel = context.requestContext.channel
        let grace = TimeAmount.nanoseconds(Int64(configuration.drainTimeout.components.seconds) * 1_000_000_000 + configuration.drainTimeout.components.attoseconds / 1_000_000_000)
        let direct = !(configuration.compression && context.request.headers[values: .secWebSocketExtensions].contains { $0.contains("permessage-deflate") })
        return ClientConnection(
            id: hub.makeConnectionID(), user: user, address: context.requestContext.remoteAddress,
            program: context.request.uri.queryParameters.get("program").map { String($0.prefix(64)) }, capacity: configuration.webSocketQueueSize,
            metrics: components.metrics, directChannel: direct ? channel : nil,
            onOverflow: { channel.eventLoop.scheduleTask(in: grace) { channel.close(promise: nil) } })
    }

    /// Everything from registration to unregistration. Kept lean: its frame stays allocated
    /// while the connection is open.
    private func serve(
        _ connection: ClientConnection, _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter,
        channel: any Channel, since: Int64?, logger: Logger
    ) async throws {
        connection.writeOnDemand { [weak connection] in
            guard let connection else { return }
            Task { await write(connection, to: outbound, channel: connection.directChannel, logger: logger) }
        }
        let replays = ReplayTasks()
        replays.start { [components] in
            _ = try? await channel.pipeline.removeHandler(name: UpgradeRefusalHandler.name).get()
            await Self.installHeartbeat(on: channel, period: configuration.heartbeat, logger: logger)
            await connection.prepareDirectWrites()
            guard hub.register(connection) else {
                return connection.close(CloseCodes.tryAgainLater, reason: "too many connections (limit \(hub.maxConnections))")
            }
            await publishPresence(connection, connected: true, logger: logger)
            let seq = components.bus.board.lastSeq
            connection.send(ServerMessage.welcome(
                serverVersion: configuration.serverVersion, connection: connection, seq: seq, heartbeat: configuration.heartbeat,
                maxMessageBytes: configuration.maxMessageSize))
            await replay(connection, after: since, through: seq)
        }

        let outcome: Result<Void, any Error>
        do {
            try await read(inbound, outbound, connection) { afterSeq in
                guard replays.isIdle else {
                    connection.send(ServerMessage.error(code: "replay_in_progress", message: "a replay is running; resume again when it has finished"))
                    return
                }
                connection.beginReplay(rewindTo: afterSeq)
                replays.start {
                    await replay(connection, after: afterSeq, through: components.bus.board.lastSeq)
                }
            }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        connection.finish()
        await replays.cancelAndWait()
        await connection.writerStopped()
        if hub.unregister(connection) {
            await publishPresence(connection, connected: false, logger: logger)
        }
        try outcome.get()
    }

    /// Adds `HeartbeatHandler` after the frame decoder (Hummingbird's auto-ping is off), and
    /// right after the decoder `MaskedControlFrames`.
    private static func installHeartbeat(on channel: any Channel, period: Duration, logger: Logger) async {
        do {
            try await channel.eventLoop.submit {
                let decoder = try channel.pipeline.syncOperations.context(handlerType: ByteToMessageHandler<WebSocketFrameDecoder>.self)
                try channel.pipeline.syncOperations.addHandler(HeartbeatHandler(period: period), position: .after(decoder.handler))
                try channel.pipeline.syncOperations.addHandler(MaskedControlFrames(), position: .after(decoder.handler))
            }.get()
        } catch {
            logger.debug("no heartbeat on a closing connection", metadata: ["error": "\(error)"])
        }
    }

    /// Reads client messages until the peer closes. Bad ones get an `error` reply; past the
    /// budget, on a binary message, an oversized one or invalid UTF-8, the connection is closed
    /// with the code the protocol names (1008, 1003, 1009, 1007).
    private func read(
        _ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, _ connection: ClientConnection,
        resume: (Int64) -> Void
    ) async throws {
        var budget = BadInputBudget(limit: configuration.badMessageLimit, window: configuration.badMessageWindow)
        var assembler = TextMessageAssembler(maxSize: configuration.maxMessageSize)
        for try await frame in inbound {
            let text: String
            switch assembler.add(frame) {
            case .text(let complete): text = complete
            case .incomplete: continue
            case .binary:
                components.metrics.badMessages.add()
                return try await close(connection, outbound, CloseCodes.unsupportedData, reason: "binary frames are not accepted: send JSON text")
            case .tooBig:
                return try await close(connection, outbound, CloseCodes.messageTooBig, reason: "a message may be at most \(configuration.maxMessageSize) bytes")
            case .invalidUTF8:
                return try await close(connection, outbound, CloseCodes.invalidPayload, reason: "text messages must be valid UTF-8")
            case .outOfSequence:
                return try await close(connection, outbound, .protocolError, reason: "a continuation frame out of sequence")
            }
            do throws(ClientMessage.Refusal) {
                try handle(ClientMessage.parse(text), connection, resume: resume)
            } catch {
                components.metrics.badMessages.add()
                connection.send(ServerMessage.error(code: error.code, message: error.message))
                if !budget.record(at: ContinuousClock.now) {
                    return try await close(connection, outbound, CloseCodes.policyViolation, reason: "more than \(budget.limit) bad messages in \(budget.window)")
                }
            }
        }
    }

    private func close(_ connection: ClientConnection, _ outbound: WebSocketOutboundWriter, _ code: WebSocketErrorCode, reason: String) async throws {
        connection.finish()
        try await outbound.close(code, reason: reason)
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

    /// Writes what is queued on the connection, then ends; the connection starts it again when
    /// something more is queued (`ClientConnection.writeOnDemand`), so an idle connection keeps
    /// no writer task. Write errors (the peer went away) end the connection quietly.
    ///
    /// Without an extension to apply (no permessage-deflate), a batch goes straight to the channel
    /// in one event-loop hop and one flush, and the writer waits for its last write before taking
    /// the next batch; that is the backpressure the bounded queue relies on. With compression,
    /// frames go through Hummingbird's writer, which applies the extension.
    private func write(_ connection: ClientConnection, to outbound: WebSocketOutboundWriter, channel: (any Channel)?, logger: Logger) async {
        do {
            while let next = connection.take() {
                switch next {
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
            logger.debug("WebSocket write ended", metadata: ["connection": "\(connection.id)", "error": "\(error)"])
            connection.finish()
            _ = connection.take()
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
            logger.warning("presence event refused", metadata: ["connection": "\(connection.id)", "error": "\(error)"])
        }
    }
}
