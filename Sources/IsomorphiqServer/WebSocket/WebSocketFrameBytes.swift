import NIOCore

/// A whole server-to-client WebSocket frame as bytes, built once per event so that every
/// connection writes the same buffer below the frame encoder (RFC 6455 §5.2: FIN + opcode,
/// unmasked length, payload).
enum WebSocketFrameBytes {
    static func text(_ payload: ByteBuffer) -> ByteBuffer {
        let length = payload.readableBytes
        var buffer = ByteBuffer()
        buffer.reserveCapacity(length + 10)
        buffer.writeInteger(UInt8(0x81))
        if length < 126 {
            buffer.writeInteger(UInt8(length))
        } else if length <= Int(UInt16.max) {
            buffer.writeInteger(UInt8(126))
            buffer.writeInteger(UInt16(length))
        } else {
            buffer.writeInteger(UInt8(127))
            buffer.writeInteger(UInt64(length))
        }
        var body = payload
        buffer.writeBuffer(&body)
        return buffer
    }
}
