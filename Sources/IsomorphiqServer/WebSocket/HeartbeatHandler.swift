import NIOCore
import NIOWebSocket

/// Pings a WebSocket every `period` on its event loop and closes it (1001, "Ping timeout") when
/// a ping is still unanswered one period later: no pong within two intervals closes.
///
/// A channel handler with a scheduled task instead of Hummingbird's auto-ping task, so an idle
/// connection keeps no task suspended for it. Sits after the frame decoder: it sees pongs on
/// their way in (and passes them on) and writes pings through the frame encoder.
final class HeartbeatHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let period: TimeAmount
    private var timer: RepeatedTask?
    /// The payload of the unanswered ping, `nil` when none is outstanding.
    private var outstanding: ByteBuffer?

    init(period: Duration) {
        let (seconds, attoseconds) = period.components
        self.period = .nanoseconds(max(1, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleRepeatedTask(initialDelay: period, delay: period) { _ in
            let (handler, context) = loopBound.value
            handler.tick(context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        if frame.opcode == .pong, frame.fin, let outstanding, frame.unmaskedData == outstanding {
            self.outstanding = nil
        }
        context.fireChannelRead(data)
    }

    private func tick(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        if outstanding != nil {
            timer?.cancel()
            timer = nil
            var reason = context.channel.allocator.buffer(capacity: 14)
            reason.write(webSocketErrorCode: .goingAway)
            reason.writeString("Ping timeout")
            context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: reason)), promise: nil)
            context.close(promise: nil)
            return
        }
        var payload = context.channel.allocator.buffer(capacity: 8)
        payload.writeInteger(UInt64.random(in: .min ... .max))
        outstanding = payload
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .ping, data: payload)), promise: nil)
    }
}
