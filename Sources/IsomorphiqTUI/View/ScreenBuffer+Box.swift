import IsomorphiqCore
import Foundation

extension ScreenBuffer {
    /// A pane frame: a box with its title on the top edge; bold when focused.
    public mutating func box(_ rect: Rect, title: String, focused: Bool) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let style = focused ? Style(accent, bold: true) : Style(dim: true)
        fill(rect)
        let horizontal = String(repeating: "─", count: rect.width - 2)
        write("┌" + horizontal + "┐", x: rect.x, y: rect.y, style: style)
        write("└" + horizontal + "┘", x: rect.x, y: rect.maxY - 1, style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            write("│", x: rect.x, y: y, style: style)
            write("│", x: rect.maxX - 1, y: y, style: style)
        }
        write(" \(title) ", x: rect.x + 2, y: rect.y, maxWidth: rect.width - 4, style: focused ? Style(accent, bold: true, reverse: false) : .bold)
    }

    /// A centred box of at most `width` x `height`, inside `bounds`; returns its rect.
    public mutating func dialog(width: Int, height: Int, title: String, in bounds: Rect) -> Rect {
        let w = min(width, bounds.width - 2)
        let h = min(height, bounds.height - 2)
        let rect = Rect(x: bounds.x + (bounds.width - w) / 2, y: bounds.y + (bounds.height - h) / 2, width: w, height: h)
        box(rect, title: title, focused: true)
        return rect
    }
}
