import IsomorphiqCore
import Foundation

/// The `?` overlay, drawn from the key table itself, grouped by where the keys apply.
struct HelpView {
    let keyMap: KeyMap
    let scroll: Int

    var lines: [(String, Style)] {
        var lines: [(String, Style)] = []
        for scope in [KeyBinding.Scope.global, .list, .feed] {
            lines.append((scope.rawValue, .bold))
            for binding in keyMap.bindings where binding.scope == scope {
                lines.append(("  " + EventLine.pad(binding.keyLabel, 14) + binding.help, .plain))
            }
        }
        lines.append(("In forms and prompts: Tab/↑↓ field, Enter save, Esc cancel, Ctrl-U clear", .dim))
        return lines
    }

    func draw(into screen: inout ScreenBuffer, in bounds: Rect) {
        TextOverlayView(title: "Keys (j/k g/G scroll, Esc close)", lines: lines, scroll: scroll, width: 76).draw(into: &screen, in: bounds)
    }
}
