/// What the terminal reads: keys, mouse actions, and size changes it notices itself.
public enum InputEvent: Sendable, Hashable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(TerminalSize)
    /// A bracketed paste, whole.
    case paste(String)

    var message: Message {
        switch self {
        case .key(let key): .key(key)
        case .mouse(let mouse): .mouse(mouse)
        case .resize(let size): .resize(size)
        case .paste(let text): .paste(text)
        }
    }
}
