import CompressNIO
import HummingbirdWSCompression
import HummingbirdWebSocket
import NIOWebSocket

/// WebSocket rules for what a client sends, enforced where Hummingbird's handler lets us: as
/// extensions, which see each data frame as it arrived, before it is unmasked or inflated.
///
/// The close code comes from the error thrown: WSCore maps `NIOWebSocketError.invalidFrameLength`
/// to 1009 and `.fragmentedControlFrame` to 1002 (its own close error is not public), so those two
/// stand for "too big" and "protocol error" here.
enum ClientFrameRules {
    /// Every data frame from a client must be masked (RFC 6455 §5.1); one that is not closes with 1002.
    /// Control frames (ping, pong, close) never reach an extension: `MaskedControlFrames` checks those.
    static let masked = WebSocketExtensionFactory.nonNegotiatedExtension { MaskedFrames() }

    /// permessage-deflate whose inflate limit closes with 1009, like any message over the limit,
    /// instead of the 1011 an inflate error gives. `limit` is the largest inflated frame.
    static func deflate(limit: Int) -> WebSocketExtensionFactory {
        let inner = WebSocketExtensionFactory.perMessageDeflate(maxDecompressedFrameSize: limit)
        return WebSocketExtensionFactory { InflateLimitBuilder(inner: inner.build()) }
    }

    struct MaskedFrames: WebSocketExtension {
        let name = "isomorphiq-masked-frames"

        func processReceivedFrame(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame {
            guard frame.maskKey != nil else { throw NIOWebSocketError.fragmentedControlFrame }
            return frame
        }

        func processFrameToSend(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame { frame }
        func shutdown() async {}
    }

    /// Negotiates exactly as permessage-deflate does and wraps the extension it builds.
    struct InflateLimitBuilder: WebSocketExtensionBuilder {
        static var name: String { "permessage-deflate" }
        let inner: any WebSocketExtensionBuilder

        func clientRequestHeader() -> String { inner.clientRequestHeader() }
        func serverReponseHeader(to request: WebSocketExtensionHTTPParameters) -> String? { inner.serverReponseHeader(to: request) }
        func serverExtension(from request: WebSocketExtensionHTTPParameters) throws -> (any WebSocketExtension)? {
            try inner.serverExtension(from: request).map(InflateLimit.init)
        }
        func clientExtension(from response: WebSocketExtensionHTTPParameters) throws -> (any WebSocketExtension)? {
            try inner.clientExtension(from: response).map(InflateLimit.init)
        }
    }

    struct InflateLimit: WebSocketExtension {
        let inner: any WebSocketExtension
        var name: String { inner.name }
        var reservedBits: WebSocketFrame.ReservedBits { inner.reservedBits }

        func processReceivedFrame(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame {
            do {
                return try await inner.processReceivedFrame(frame, context: context)
            } catch let error as CompressNIOError where error == .bufferOverflow {
                throw NIOWebSocketError.invalidFrameLength
            }
        }

        func processFrameToSend(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame {
            try await inner.processFrameToSend(frame, context: context)
        }

        func shutdown() async { await inner.shutdown() }
    }
}
