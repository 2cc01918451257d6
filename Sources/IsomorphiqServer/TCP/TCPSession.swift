import HTTPTypes
import Foundation
import IsomorphiqCore
import Logging
import NIOCore
import Synchronization

/// One TCP command connection: newline-delimited JSON requests `{"id", "token", "command", "data"}`
/// answered in order with `{"id", "ok", "data" | "error"}`. After `subscribe`, events arrive as
/// lines too, in the WebSocket envelope (they have `event`, replies have `ok`).
///
/// The token may be sent once; later lines on the connection reuse it, and each is checked again.
/// When the token is revoked or replaced (`token revoke`), the connection gets one line
/// `{"id": null, "ok": false, "error": {"code": "token_revoked", …}}` and is closed. Bad lines (not
/// UTF-8, not JSON, over the size limit, unknown command) get an error reply and the connection stays.
///
/// Until a line carries a valid token the connection holds a `PendingConnections` slot: with none
/// free it is answered `too_many_connections` and closed, and if no valid token arrives within
/// `idleTimeout` it is answered `auth_timeout` and closed.
struct TCPSession {
    let components: ServerComponents
    let logger: Logger

    func run(_ channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        components.metrics.tcpConnections.add()
        defer { components.metrics.tcpConnections.add(-1) }
        let address = channel.channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "unknown"
        guard let slot = components.pending.acquire() else {
            let refusal = Self.failure(id: .null, code: "too_many_connections", message: "too many connections are waiting to authenticate")
            try? await channel.executeThenClose { _, outbound in try await outbound.write(Self.line(refusal)) }
            return
        }
        defer { slot.release() }
        let authenticated = AuthenticatedName()
        let underlying = channel.channel
        let revocation = components.tokens.onRevocation { users in
            guard let name = authenticated.name.withLock({ $0 }), users.contains(name) else { return }
            underlying.writeAndFlush(Self.line(Self.revoked)).whenComplete { _ in underlying.close(promise: nil) }
        }
        defer { components.tokens.removeHandler(revocation) }
        do {
            try await channel.executeThenClose { inbound, outbound in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    var state = ConnectionState(slot: slot)
                    group.addTask { try await closeUnlessAuthenticated(slot, outbound: outbound, channel: channel.channel) }
                    var splitter = LineSplitter(limit: components.configuration.maxMessageSize)
                    defer {
                        if let subscription = state.subscription {
                            subscription.finish()
                            components.hub.unregister(subscription)
                        }
                    }
                    for try await buffer in inbound {
                        for item in splitter.feed(buffer) {
                            let reply: JSONValue
                            switch item {
                            case .tooLong:
                                reply = Self.failure(id: .null, code: "line_too_long", message: "a line may be at most \(components.configuration.maxMessageSize) bytes")
                            case .invalidUTF8:
                                reply = Self.failure(id: .null, code: "invalid_utf8", message: "the line is not valid UTF-8")
                            case .line(let line):
                                reply = await handle(line, &state, address: address) { connection in
                                    group.addTask { try await writeEvents(connection, to: outbound, closing: channel.channel) }
                                }
                                authenticated.name.withLock { $0 = state.user?.name }
                            }
                            components.metrics.tcpCommands.add()
                            try await outbound.write(Self.line(reply))
                        }
                    }
                    group.cancelAll()
                }
            }
        } catch {
            logger.debug("TCP connection ended", metadata: ["error": "\(error)"])
        }
    }

    struct ConnectionState {
        /// Held until the first valid token.
        let slot: PendingConnections.Slot
        var user: AuthenticatedUser?
        var token: String?
        var subscription: ClientConnection?
    }

    /// The user the connection authenticated as, for the revocation handler (another thread).
    private final class AuthenticatedName: Sendable {
        let name = Mutex<UserID?>(nil)
    }

    static let revoked = failure(id: .null, code: "token_revoked", message: "the token of this connection was revoked")

    /// Closes the connection `idleTimeout` after it opened if no line has carried a valid token.
    private func closeUnlessAuthenticated(
        _ slot: PendingConnections.Slot, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, channel: any Channel
    ) async throws {
        try await Task.sleep(for: components.configuration.idleTimeout)
        guard !slot.isReleased else { return }
        try? await outbound.write(Self.line(Self.failure(id: .null, code: "auth_timeout", message: "no valid token arrived in time")))
        channel.close(promise: nil)
    }

    private func handle(_ line: String, _ state: inout ConnectionState, address: String, startWriter: (ClientConnection) -> Void) async -> JSONValue {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)) else {
            return Self.failure(id: .null, code: "invalid_json", message: "the line is not valid JSON")
        }
        let id = value["id"] ?? .null
        do {
            var reader = try JSONObjectReader(value)
            _ = reader.value("id")
            let token = try reader.string("token")
            let command = try reader.requiredString("command")
            let data = reader.value("data") ?? .null
            try reader.finish()
            if let token {
                guard let user = components.tokens.user(forToken: token) else { throw APIError.tokenRejected }
                state.user = user
                state.token = token
                state.slot.release()
            } else if let token = state.token, components.tokens.user(forToken: token) == nil {
                // Revoked since the connection authenticated (the handler closes it too).
                state.user = nil
                state.token = nil
            }
            guard let user = state.user else { throw APIError.unauthorized }
            if command == "subscribe" {
                return .object(["id": id, "ok": .bool(true), "data": try subscribe(data, user: user, &state, address: address, startWriter: startWriter)])
            }
            let result = try await TCPCommands(components: components).run(command, data: data, user: user)
            return .object(["id": id, "ok": .bool(true), "data": result])
        } catch {
            let apiError = APIError.from(error)
            return .object(["id": id, "ok": .bool(false), "error": apiError.body["error"] ?? .null])
        }
    }

    /// `{"eventTypes": [...], "taskIds": [...]}`, both optional (every task event by default).
    private func subscribe(
        _ data: JSONValue, user: AuthenticatedUser, _ state: inout ConnectionState, address: String, startWriter: (ClientConnection) -> Void
    ) throws -> JSONValue {
        var reader = try JSONObjectReader(data == .null ? .object([:]) : data, path: "data")
        let types = try reader.strings("eventTypes").map(ClientMessage.eventTypes)
        let ids = try reader.taskIDs("taskIds")
        try reader.finish()
        let connection: ClientConnection
        if let existing = state.subscription {
            connection = existing
        } else {
            connection = ClientConnection(
                id: components.hub.makeConnectionID(), user: user, address: address, program: "tcp",
                capacity: components.configuration.webSocketQueueSize, metrics: components.metrics, transport: "tcp")
            guard components.hub.register(connection) else {
                throw APIError(.serviceUnavailable, code: "too_many_connections", message: "the server has its maximum of subscribers")
            }
            connection.endReplay(through: components.bus.board.lastSeq)
            state.subscription = connection
            startWriter(connection)
        }
        let current = connection.updateSubscriptions { set in
            if let types { set.types = types }
            if let ids { set.taskIDs = ids }
        }
        var fields: [String: JSONValue] = ["seq": .number(Double(components.bus.board.lastSeq))]
        if case .object(let set) = current.json { fields.merge(set) { $1 } }
        return .object(fields)
    }

    private func writeEvents(_ connection: ClientConnection, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, closing channel: any Channel) async throws {
        let newline = ByteBuffer(string: "\n")
        while true {
            switch await connection.next() {
            case .messages(let batch):
                try await outbound.write(contentsOf: batch.flatMap { [$0.bytes, newline] })
                components.metrics.messagesSent.add(batch.count)
            case .close(let code, let reason):
                let name = code == CloseCodes.tokenRevoked ? "token_revoked" : "slow_consumer"
                try? await outbound.write(Self.line(Self.failure(id: .null, code: name, message: reason)))
                channel.close(promise: nil)
                return
            case .stop:
                return
            }
        }
    }

    static func failure(id: JSONValue, code: String, message: String) -> JSONValue {
        .object(["id": id, "ok": .bool(false), "error": .object(["code": .string(code), "message": .string(message), "details": .object([:])])])
    }

    static func line(_ value: JSONValue) -> ByteBuffer {
        var buffer = ByteBuffer(bytes: (try? JSONEncoder().encode(value)) ?? Data("{}".utf8))
        buffer.writeString("\n")
        return buffer
    }
}
