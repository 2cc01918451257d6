@testable import IsomorphiqServer
import NIOCore
import Testing

@Suite("WebSocket: pre-encoded frames")
struct WebSocketFrameBytesTests {
    @Test("Headers use the 7-bit, 16-bit and 64-bit lengths of RFC 6455", arguments: [(5, 2), (126, 4), (65_535, 4), (65_536, 10)])
    func header(_ length: Int, _ headerSize: Int) {
        let frame = WebSocketFrameBytes.text(ByteBuffer(repeating: UInt8(ascii: "x"), count: length))
        #expect(frame.readableBytes == length + headerSize)
        #expect(frame.getInteger(at: 0, as: UInt8.self) == 0x81)
        switch headerSize {
        case 2: #expect(frame.getInteger(at: 1, as: UInt8.self) == UInt8(length))
        case 4: #expect(frame.getInteger(at: 2, as: UInt16.self) == UInt16(length))
        default: #expect(frame.getInteger(at: 2, as: UInt64.self) == UInt64(length))
        }
    }
}
