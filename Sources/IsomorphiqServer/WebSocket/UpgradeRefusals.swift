import HTTPTypes
import Foundation
import NIOCore
import Synchronization

/// Why `GET /ws` upgrades were refused, per connection, so that the refusal is answered with
/// its own status and JSON body.
///
/// Hummingbird answers every refused upgrade with a bare 400. The upgrade check records its
/// `APIError` here; `UpgradeRefusalHandler`, first in the connection's pipeline, swaps that 400
/// for the real response as it is written. Thread-safe.
final class UpgradeRefusals: Sendable {
    private let refusals = Mutex<[ObjectIdentifier: APIError]>([:])

    func record(_ refusal: APIError, for channel: any Channel) {
        refusals.withLock { $0[ObjectIdentifier(channel)] = refusal }
    }

    func take(for channel: any Channel) -> APIError? {
        refusals.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    func forget(_ channel: any Channel) {
        _ = take(for: channel)
    }
}

/// Rewrites the bare `400` Hummingbird writes for a refused upgrade into the recorded refusal.
final class UpgradeRefusalHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    /// Its name in the pipeline; a session removes it once upgraded, off every write's path.
    static let name = "isomorphiq-upgrade-refusal"

    private let refusals: UpgradeRefusals
    private var rewritten = false

    init(refusals: UpgradeRefusals) {
        self.refusals = refusals
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !rewritten else { return context.write(data, promise: promise) }
        let buffer = unwrapOutboundIn(data)
        guard buffer.readableBytesView.starts(with: Array("HTTP/1.1 400".utf8)), let refusal = refusals.take(for: context.channel) else {
            return context.write(data, promise: promise)
        }
        rewritten = true
        context.write(wrapOutboundOut(Self.response(for: refusal)), promise: promise)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        refusals.forget(context.channel)
        context.close(mode: mode, promise: promise)
    }

    static func response(for refusal: APIError) -> ByteBuffer {
        let body = (try? JSONEncoder().encode(refusal.body)) ?? Data()
        var head = "HTTP/1.1 \(refusal.status.code) \(refusal.status.reasonPhrase)\r\n"
        head += "Content-Type: application/json; charset=utf-8\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
        for field in refusal.headers { head += "\(field.name): \(field.value)\r\n" }
        var buffer = ByteBuffer(string: head + "\r\n")
        buffer.writeBytes(body)
        return buffer
    }
}
