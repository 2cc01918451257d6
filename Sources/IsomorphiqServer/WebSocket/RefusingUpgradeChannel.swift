import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 + WebSocket child channel with `UpgradeRefusalHandler` in front, so a
/// refused upgrade gets 401, 403 or 503 with a JSON body instead of a bare 400.
///
/// Connections read into a small buffer at first (512 bytes instead of NIO's 2,048), growing
/// with what arrives: the buffer stays with the connection, and an idle WebSocket receives
/// next to nothing.
struct RefusingUpgradeChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner
    let refusals: UpgradeRefusals

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65_536))
            try channel.pipeline.syncOperations.addHandler(UpgradeRefusalHandler(refusals: refusals), name: UpgradeRefusalHandler.name, position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
