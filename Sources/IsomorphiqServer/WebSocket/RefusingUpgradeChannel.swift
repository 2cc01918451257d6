import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 + WebSocket child channel with `UpgradeRefusalHandler` in front, so a
/// refused upgrade gets 401, 403 or 503 with a JSON body instead of a bare 400.
struct RefusingUpgradeChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner
    let refusals: UpgradeRefusals

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
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
