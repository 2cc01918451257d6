import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 + WebSocket child channel with `UpgradeRefusalHandler` in front, so a
/// refused upgrade gets 401, 403 or 503 with a JSON body instead of a bare 400, and with the
/// connection guards (`RequestLineMeter` first, `HTTPConnectionGuard` after the decoder), so a
/// connection that sends no proper request is answered and closed instead of held.
///
/// Connections read into a small buffer at first (512 bytes instead of NIO's 2,048), growing
/// with what arrives: the buffer stays with the connection, and an idle WebSocket receives
/// next to nothing.
struct RefusingUpgradeChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner
    let refusals: UpgradeRefusals
    let pending: PendingConnections
    let headerTimeout: Duration
    let maxRequestLine: Int

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let meter = RequestLineMeter(limit: maxRequestLine)
        do {
            try channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65_536))
            try channel.pipeline.syncOperations.addHandler(UpgradeRefusalHandler(refusals: refusals), name: UpgradeRefusalHandler.name, position: .first)
            try channel.pipeline.syncOperations.addHandler(meter, name: RequestLineMeter.name, position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        let slot = pending.acquire()
        let headerTimeout = headerTimeout
        let boundMeter = NIOLoopBound(meter, eventLoop: channel.eventLoop)
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let decoder = try pipeline.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self)
            let guardHandler = HTTPConnectionGuard(slot: slot, meter: boundMeter.value, headerTimeout: headerTimeout, logger: logger)
            try pipeline.addHandler(guardHandler, position: .after(decoder.handler))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
