import IsomorphiqCore

public import Foundation

/// A line for the status bar: a confirmation or an error, shown until `expires`.
public struct StatusMessage: Sendable, Hashable {
    public var text: String
    public var isError: Bool
    public var expires: Date
    /// When it was said (the message log shows it).
    public var said: Date

    public init(_ text: String, isError: Bool = false, said: Date? = nil, expires: Date) {
        self.text = text
        self.isError = isError
        self.said = said ?? expires
        self.expires = expires
    }
}
