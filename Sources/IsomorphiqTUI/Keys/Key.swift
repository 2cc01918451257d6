import IsomorphiqCore
import Foundation

/// One key press, as the terminal driver decodes it. Plain data, so `update` and the key table
/// never see a curses code.
public enum Key: Sendable, Hashable {
    case char(Character)
    /// Ctrl plus a letter, lower-case (`.ctrl("r")` is Ctrl-R).
    case ctrl(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, tab, backTab, backspace, delete, escape

    /// How the help overlay writes the key.
    public var label: String {
        switch self {
        case .char(" "): "Space"
        case .char(let c): String(c)
        case .ctrl(let c): "Ctrl-\(c.uppercased())"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .enter: "Enter"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .backspace: "Bksp"
        case .delete: "Del"
        case .escape: "Esc"
        }
    }
}
