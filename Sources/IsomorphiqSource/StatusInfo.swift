import IsomorphiqCore
import Foundation

/// What the status bar says about where the UI is connected: the server URL (or why there is
/// none), who the user is and where the data lives. Supplied by the `TaskSource`.
public struct StatusInfo: Sendable, Hashable {
    /// `http://127.0.0.1:3002`, or `nil` when no server runs.
    public var serverURL: String?
    /// Why there is no server (`server off: port 3002 is in use`), or a hint how to get the token.
    public var serverNote: String?
    public var user: String
    public var dataDirectory: String

    public init(serverURL: String? = nil, serverNote: String? = nil, user: String, dataDirectory: String = "") {
        self.serverURL = serverURL
        self.serverNote = serverNote
        self.user = user
        self.dataDirectory = dataDirectory
    }
}
