public import Foundation

/// `client_connected` / `client_disconnected`: a remote client of the server came or went.
public struct ClientPresence: Sendable, Hashable, Codable {
    public var connectionId: String
    public var user: UserID
    /// What the client said it is in `hello` (`isomorphiq-tui`, `browser`, `python`…); `unknown` until then.
    public var program: String
    public var address: String
    public var at: Date

    public init(connectionId: String, user: UserID, program: String, address: String, at: Date) {
        self.connectionId = connectionId
        self.user = user
        self.program = program
        self.address = address
        self.at = at
    }
}

/// `system_started` / `system_shutdown`.
public struct SystemNotice: Sendable, Hashable, Codable {
    public var version: String
    public var message: String?

    public init(version: String, message: String? = nil) {
        self.version = version
        self.message = message
    }
}
