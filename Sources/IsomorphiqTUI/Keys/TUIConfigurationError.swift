/// A key binding or colour the configuration asked for that cannot work (`KeyMap.overriding`,
/// `Theme.overriding`); `message` names the entry (`tui.keys.undo: …`).
public struct TUIConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
