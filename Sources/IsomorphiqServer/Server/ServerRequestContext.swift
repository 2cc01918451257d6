public import Hummingbird
public import HummingbirdWebSocket
public import NIOCore

/// The context of one HTTP request (and of the WebSocket it may become): who is asking, and
/// over which channel. `user` is set by `AuthMiddleware`.
public struct ServerRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<ServerRequestContext>
    /// The connection, for its remote address (and, on WebSocket, a hard close).
    public let channel: any Channel
    /// The token's user, once authenticated.
    public var user: AuthenticatedUser?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }

    /// Bodies are read with `RequestBody`, which enforces the configured limit itself.
    public var maxUploadSize: Int { 1 << 20 }

    /// The remote address as `ip:port`.
    var remoteAddress: String {
        guard let address = channel.remoteAddress else { return "unknown" }
        return "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
    }
}
