/// Why the server could not start or run. The executable maps it to a message and an exit code.
public struct ServerError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case addressInUse(host: String, port: Int, flag: String)
        case cannotBind(host: String, port: Int, reason: String)
        case stoppedBeforeReady
    }

    private let kind: Kind

    /// `flag` is the option that chose the port (`--port`, `--tcp-port`).
    static func addressInUse(host: String, port: Int, flag: String = "--port") -> ServerError { .init(kind: .addressInUse(host: host, port: port, flag: flag)) }
    static func cannotBind(host: String, port: Int, reason: String) -> ServerError {
        .init(kind: .cannotBind(host: host, port: port, reason: reason))
    }
    static let stoppedBeforeReady = ServerError(kind: .stoppedBeforeReady)

    /// Whether another process holds the port.
    public var isAddressInUse: Bool {
        if case .addressInUse = kind { return true }
        return false
    }

    public var description: String {
        switch kind {
        case .addressInUse(let host, let port, let flag):
            "\(flag == "--tcp-port" ? "TCP port" : "port") \(port) on \(host) is already in use (is another isomorphiq-tui running? choose another with \(flag))"
        case .cannotBind(let host, let port, let reason): "cannot listen on \(host):\(port): \(reason)"
        case .stoppedBeforeReady: "the server stopped before it was listening"
        }
    }
}
