public import Foundation

/// How a remote source's link to its server stands, for the status bar. An in-process source
/// never reports one: the UI then shows the server URL as it is.
public enum ConnectionStatus: Sendable, Hashable {
    /// Following the server's events; changes are sent.
    case live
    /// Opening the connection (and resuming from the last seq seen); `attempt` counts from 1.
    case connecting(attempt: Int)
    /// The connection is gone: the board is what was last seen, changes are refused.
    /// `retryAt` is when the next attempt starts.
    case lost(reason: String, retryAt: Date?, attempt: Int)

    public var isLive: Bool { self == .live }
}
