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
        let lines = self.lines
        let rect = screen.dialog(width: 76, height: lines.count + 2, title: "Keys (j/k g/G scroll, Esc close)", in: bounds)
        let inner = rect.inner
        let start = min(scroll, max(0, lines.count - inner.height))
        let below = lines.count - start - inner.height
        for (row, line) in lines.dropFirst(start).prefix(inner.height).enumerated() {
            // The last row says how much is left, when the table goes on.
            if below > 0, row == inner.height - 1 {
                screen.write("↓ \(below + 1) more below (j, PgDn, G)", x: inner.x + 1, y: inner.y + row, maxWidth: inner.width - 2, style: .dim)
                break
            }
            screen.write(line.0, x: inner.x + 1, y: inner.y + row, maxWidth: inner.width - 2, style: line.1)
        }
    }
}
