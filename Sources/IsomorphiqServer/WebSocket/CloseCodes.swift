import NIOWebSocket

/// The close codes the server sends, as `docs/PROTOCOL.md` lists them.
enum CloseCodes {
    /// Server shutting down (or the heartbeat went unanswered).
    static let goingAway = WebSocketErrorCode.goingAway
    /// A binary frame: the protocol is JSON text.
    static let unsupportedData = WebSocketErrorCode.unacceptableData
    /// Text that is not valid UTF-8.
    static let invalidPayload = WebSocketErrorCode.dataInconsistentWithMessage
    /// Too many bad messages in the window.
    static let policyViolation = WebSocketErrorCode.policyViolation
    /// A message over the size limit.
    static let messageTooBig = WebSocketErrorCode.messageTooLarge
    /// Over the connection limit when the connection registered (a race with the upgrade check).
    static let tryAgainLater = WebSocketErrorCode.unknown(1013)
    /// The client fell more than its queue behind; it can reconnect and resume by seq.
    static let slowConsumer = WebSocketErrorCode.unknown(4000)
    /// The token the connection authenticated with was revoked or replaced (`token revoke`).
    static let tokenRevoked = WebSocketErrorCode.unknown(4001)
}
