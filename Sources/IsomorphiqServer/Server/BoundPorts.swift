/// Where the server listens, once it does.
public struct BoundPorts: Sendable, Hashable {
    public var host: String
    /// HTTP and WebSocket.
    public var http: Int
    /// TCP commands, when enabled.
    public var tcp: Int?

    /// The page's address with the token, as `serve` prints it.
    public func url(token: String) -> String {
        "http://\(host.contains(":") ? "[\(host)]" : host):\(http)/?token=\(token)"
    }
}
