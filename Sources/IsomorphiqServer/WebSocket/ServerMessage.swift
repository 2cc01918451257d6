import Foundation
import IsomorphiqCore
import NIOCore

/// Messages the server sends besides events, encoded per connection (they are rare).
enum ServerMessage {
    static func welcome(serverVersion: String, connection: WebSocketConnection, seq: Int64, heartbeat: Duration, maxMessageBytes: Int) -> OutboundMessage {
        encode([
            "type": .string("welcome"), "serverVersion": .string(serverVersion), "connectionId": .string(connection.id),
            "user": .string(connection.user.name), "seq": number(seq), "subscriptions": connection.subscriptions.json,
            "heartbeatSeconds": .number(Double(heartbeat.components.seconds)), "maxMessageBytes": number(Int64(maxMessageBytes)),
        ])
    }

    static func subscriptions(_ type: String, _ set: SubscriptionSet) -> OutboundMessage {
        var fields: [String: JSONValue] = ["type": .string(type)]
        if case .object(let current) = set.json { fields.merge(current) { $1 } }
        return encode(fields)
    }

    static func pong(id: JSONValue?, seq: Int64) -> OutboundMessage {
        var fields: [String: JSONValue] = ["type": .string("pong"), "seq": number(seq)]
        if let id { fields["id"] = id }
        return encode(fields)
    }

    static func helloAck(connection: WebSocketConnection) -> OutboundMessage {
        encode(["type": .string("hello_ack"), "connectionId": .string(connection.id), "user": .string(connection.user.name), "program": .string(connection.program)])
    }

    static func resumed(afterSeq: Int64, throughSeq: Int64, replayed: Int) -> OutboundMessage {
        encode(["type": .string("resumed"), "afterSeq": number(afterSeq), "throughSeq": number(throughSeq), "replayed": number(Int64(replayed))])
    }

    static func resyncRequired(afterSeq: Int64, firstSeq: Int64, seq: Int64) -> OutboundMessage {
        encode([
            "type": .string("resync_required"), "afterSeq": number(afterSeq), "firstSeq": number(firstSeq), "seq": number(seq),
            "message": .string("the log no longer holds the events after \(afterSeq); reload the board (GET /api/tasks) and follow from its seq"),
        ])
    }

    static func error(code: String, message: String) -> OutboundMessage {
        encode(["type": .string("error"), "code": .string(code), "message": .string(message)])
    }

    private static func number(_ value: Int64) -> JSONValue { .number(Double(value)) }

    private static func encode(_ fields: [String: JSONValue]) -> OutboundMessage {
        let data = (try? JSONEncoder().encode(JSONValue.object(fields))) ?? Data("{}".utf8)
        return OutboundMessage(bytes: ByteBuffer(bytes: data), seq: 0)
    }
}
