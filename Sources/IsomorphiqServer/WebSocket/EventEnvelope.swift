import Foundation
import IsomorphiqCore
import NIOCore

/// The wire form of an event message: `{"id": "<message id>", "seq": N, "event": {...}}`.
/// The message id is the event's id, so every client sees the same bytes. The event is written
/// by Core's `EventCodec` (the same bytes the store keeps, ~20× cheaper than `JSONEncoder`).
enum EventEnvelope {
    static func encode(_ event: Event) -> ByteBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        bytes.append(contentsOf: "{\"id\":\"\(event.id.wire)\",\"seq\":\(event.seq),\"event\":".utf8)
        EventCodec.encode(event, into: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return ByteBuffer(bytes: bytes)
    }
}
