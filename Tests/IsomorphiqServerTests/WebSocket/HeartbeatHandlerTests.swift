@testable import IsomorphiqServer
import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@Suite("WebSocket: heartbeat")
struct HeartbeatHandlerTests {
    /// A connected channel (an inactive one is never pinged) with the handler at 30 s.
    private func connected() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(HeartbeatHandler(period: .seconds(30)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return channel
    }

    private func outbound(_ channel: EmbeddedChannel) throws -> WebSocketFrame? {
        try channel.readOutbound(as: WebSocketFrame.self)
    }

    @Test("A client that answers every ping stays open; one that stops is closed with 1001 one interval later")
    func pingsAndTimeout() throws {
        let channel = try connected()
        channel.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(try outbound(channel) == nil)

        for _ in 0..<3 {
            channel.embeddedEventLoop.advanceTime(by: .seconds(1))
            let ping = try #require(try outbound(channel))
            #expect(ping.opcode == .ping)
            try channel.writeInbound(WebSocketFrame(fin: true, opcode: .pong, data: ping.unmaskedData))
            #expect(try channel.readInbound(as: WebSocketFrame.self)?.opcode == .pong)
            channel.embeddedEventLoop.advanceTime(by: .seconds(29))
            #expect(channel.isActive)
        }

        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(try outbound(channel)?.opcode == .ping)
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        let close = try #require(try outbound(channel))
        #expect(close.opcode == .connectionClose)
        var reason = close.unmaskedData
        #expect(reason.readWebSocketErrorCode() == .goingAway)
        #expect(!channel.isActive)
    }

    @Test("A pong that does not echo the last ping does not count")
    func wrongPong() throws {
        let channel = try connected()
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(try outbound(channel)?.opcode == .ping)
        try channel.writeInbound(WebSocketFrame(fin: true, opcode: .pong, data: ByteBuffer(string: "other")))
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        #expect(try outbound(channel)?.opcode == .connectionClose)
        #expect(!channel.isActive)
    }
}
