public import Foundation

/// How the terminal UI runs. The defaults suit a person at a terminal.
public struct TerminalOptions: Sendable {
    /// `true` forces colour, `false` forbids it; `nil` follows `NO_COLOR` and the terminal.
    public var color: Bool?
    public var mouse: Bool
    /// How long a changed row stays highlighted.
    public var highlightDuration: TimeInterval
    public var keyMap: KeyMap
    public var theme: Theme
    public var timeZone: TimeZone

    public init(color: Bool? = nil, mouse: Bool = true, highlightDuration: TimeInterval = 1.5, keyMap: KeyMap = .standard, theme: Theme = .standard, timeZone: TimeZone = .current) {
        self.color = color
        self.mouse = mouse
        self.highlightDuration = highlightDuration
        self.keyMap = keyMap
        self.theme = theme
        self.timeZone = timeZone
    }
}
