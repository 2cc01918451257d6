import HTTPTypes
import NIOCore

/// First in an HTTP connection's pipeline, ahead of the HTTP decoder: refuses a request line
/// longer than `limit` with 414, and writes the raw refusals the connection guard decides on.
///
/// It measures only while a request line is expected: from the start of the connection until
/// the first line feed, and again after `expectRequestLine()` (the guard calls it when a request
/// has been read whole). After a refusal, further input is read and dropped until the client
/// closes or `lingerTimeout` passes, then the connection is closed: closing with input unread
/// would send a reset, and the client could lose the answer. Event-loop bound.
final class RequestLineMeter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    static let name = "isomorphiq-request-line"
    /// How long a refused connection is kept to let the client read the answer.
    static let lingerTimeout = TimeAmount.seconds(2)

    let limit: Int
    private var context: ChannelHandlerContext?
    private var expectingLine = true
    private var lineLength = 0
    private var refused = false
    private var finished = false

    init(limit: Int) {
        self.limit = limit
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// The next bytes start a request: measure its line again.
    func expectRequestLine() {
        expectingLine = true
        lineLength = 0
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        guard expectingLine else { return context.fireChannelRead(data) }
        let buffer = unwrapInboundIn(data)
        if let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            lineLength += newline - buffer.readerIndex
            expectingLine = false
        } else {
            lineLength += buffer.readableBytes
        }
        guard lineLength <= limit else {
            return refuse(APIError(.uriTooLong, code: "uri_too_long", message: "the request line may be at most \(limit) bytes"))
        }
        context.fireChannelRead(data)
    }

    /// Answers `error` (its status, its JSON body, `Connection: close`) and closes the connection.
    /// Input after this is dropped. Does nothing once a refusal has been written.
    ///
    /// - Parameter linger: keep reading until the client closes (at most `lingerTimeout`) rather
    ///   than closing once the answer is written. For a client still sending its request; a
    ///   connection refused for the cap or a timeout is closed at once, so a flood of them holds
    ///   no descriptors.
    func refuse(_ error: APIError, linger: Bool = true) {
        guard !refused, let context else { return }
        refused = true
        let written = context.writeAndFlush(NIOAny(UpgradeRefusalHandler.response(for: error)))
        if linger {
            context.eventLoop.assumeIsolated().scheduleTask(in: Self.lingerTimeout) { self.finish() }
        } else {
            written.assumeIsolated().whenComplete { _ in self.finish() }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if refused, case .some(.inputClosed) = event as? ChannelEvent { return finish() }
        context.fireUserInboundEventTriggered(event)
    }

    /// Ends a refused connection. The handlers behind see the input end first, so Hummingbird's
    /// upgrade step finishes as for a client that went away rather than logging an error.
    private func finish() {
        guard let context, !finished else { return }
        finished = true
        context.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        context.close(promise: nil)
    }
}
