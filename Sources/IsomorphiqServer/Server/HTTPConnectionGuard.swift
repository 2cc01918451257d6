import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1

/// Sits right after the HTTP decoder and keeps a connection that has not sent a request from
/// holding the server: the pending-connection cap, the header timeout, and a proper answer to
/// malformed HTTP.
///
/// - Over the cap (no `PendingConnections.Slot` for it), the connection is answered 503 and closed.
/// - Until its first request head arrives it has `headerTimeout`; then 408 and close.
/// - The slot is given back when the first request has been read whole, when a WebSocket upgrade
///   request arrives, or when the connection closes.
/// - A parse error from the decoder is answered 431 (headers too large or too many), 400
///   otherwise, and the connection is closed; the error goes no further down the pipeline.
///
/// After an upgrade request it removes itself and the `RequestLineMeter`: what follows is
/// WebSocket frames, and idle WebSockets are the heartbeat's business. Between later requests
/// Hummingbird's idle timeout applies. Event-loop bound.
final class HTTPConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let meter: RequestLineMeter
    private let headerTimeout: TimeAmount
    private let logger: Logger
    private var slot: PendingConnections.Slot?
    private let admitted: Bool
    private var sawHead = false
    private var deadline: Scheduled<Void>?

    /// - Parameter slot: the connection's pending slot; `nil` refuses the connection with 503.
    init(slot: PendingConnections.Slot?, meter: RequestLineMeter, headerTimeout: Duration, logger: Logger) {
        self.slot = slot
        self.admitted = slot != nil
        self.meter = meter
        self.headerTimeout = TimeAmount(headerTimeout)
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        releaseSlot()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if !sawHead {
                sawHead = true
                deadline?.cancel()
                deadline = nil
            }
            if head.headers.contains(name: "upgrade") {
                releaseSlot()
                context.fireChannelRead(data)
                removeSelf(context)
                return
            }
        case .body:
            break
        case .end:
            releaseSlot()
            meter.expectRequestLine()
        }
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError else { return context.fireErrorCaught(error) }
        logger.debug("malformed HTTP request", metadata: ["error": "\(parseError)"])
        meter.refuse(Self.refusal(for: parseError))
    }

    /// The answer to a decoder error: 431 for oversized or too many header fields, else 400.
    static func refusal(for error: HTTPParserError) -> APIError {
        switch error {
        case .headerOverflow:
            APIError(.requestHeaderFieldsTooLarge, code: "headers_too_large", message: "the request's header fields are too large or too many")
        case .invalidContentLength, .unexpectedContentLength:
            APIError(.badRequest, code: "bad_request", message: "the request's Content-Length is not valid")
        default:
            APIError(.badRequest, code: "bad_request", message: "the request is not valid HTTP/1.1 (\(error))")
        }
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !sawHead, deadline == nil else { return }
        guard admitted else {
            meter.refuse(
                APIError(.serviceUnavailable, code: "too_many_connections", message: "too many connections are waiting to send a request", headers: [.retryAfter: "1"]),
                linger: false)
            return
        }
        let meter = self.meter
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: headerTimeout) {
            meter.refuse(APIError(.requestTimeout, code: "request_timeout", message: "no request head arrived in time"), linger: false)
        }
    }

    private func releaseSlot() {
        slot?.release()
        slot = nil
    }

    private func removeSelf(_ context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        pipeline.removeHandler(meter, promise: nil)
        pipeline.removeHandler(context: context, promise: nil)
    }
}
