import Foundation
import IsomorphiqCore
import NIOCore

/// The wire form of an event message: `{"id": "<message id>", "seq": N, "event": {...}}`.
/// The message id is the event's id, so every client sees the same bytes.
enum EventEnvelope {
    static func encode(_ event: Event, with encoder: JSONEncoder) throws -> ByteBuffer {
        let body = try encoder.encode(event)
        var buffer = ByteBuffer()
        buffer.reserveCapacity(body.count + 80)
        buffer.writeString("{\"id\":\"\(event.id.wire)\",\"seq\":\(event.seq),\"event\":")
        buffer.writeBytes(body)
        buffer.writeString("}")
        return buffer
    }
}
