/// What the terminal reads: keys, mouse actions, and size changes it notices itself.
public enum InputEvent: Sendable, Hashable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(TerminalSize)

    var message: Message {
        switch self {
        case .key(let key): .key(key)
        case .mouse(let mouse): .mouse(mouse)
        case .resize(let size): .resize(size)
        }
    }
}
