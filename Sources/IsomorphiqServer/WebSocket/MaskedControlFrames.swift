import NIOCore
import NIOWebSocket

/// Refuses unmasked control frames (ping, pong, close) from a client with 1002, as RFC 6455 §5.1
/// asks; data frames are checked from the first one by `ClientFrameRules.masked`, an extension,
/// but extensions never see control frames. Sits after the frame decoder, installed with the
/// heartbeat just after the upgrade.
final class MaskedControlFrames: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard frame.maskKey == nil, frame.opcode == .ping || frame.opcode == .pong || frame.opcode == .connectionClose else {
            context.fireChannelRead(data)
            return
        }
        guard !refused else { return }
        refused = true
        var payload = context.channel.allocator.buffer(capacity: 2)
        payload.write(webSocketErrorCode: .protocolError)
        let close = WebSocketFrame(fin: true, opcode: .connectionClose, data: payload)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(close)).whenComplete { _ in channel.close(promise: nil) }
    }
}
