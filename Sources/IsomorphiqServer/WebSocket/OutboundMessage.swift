import IsomorphiqCore
import NIOCore

/// One message waiting to be written to a WebSocket: bytes shared by every connection it goes to.
struct OutboundMessage: Sendable {
    let bytes: ByteBuffer
    /// The event's seq, for event messages of stored events; 0 otherwise.
    let seq: Int64
}

/// An event encoded once for every connection: the envelope bytes plus what filters need.
struct SharedEvent: Sendable {
    let event: Event
    let bytes: ByteBuffer

    var message: OutboundMessage { OutboundMessage(bytes: bytes, seq: event.seq) }
}
