import Foundation

/// A dialog of text lines scrolled by `scroll` (clamped here), whose last row says how much is
/// below when the text goes on. The help and message overlays are this with their own lines.
struct TextOverlayView {
    let title: String
    let lines: [(String, Style)]
    let scroll: Int
    let width: Int

    func draw(into screen: inout ScreenBuffer, in bounds: Rect) {
        let rect = screen.dialog(width: width, height: lines.count + 2, title: title, in: bounds)
        let inner = rect.inner
        let start = min(scroll, max(0, lines.count - inner.height))
        let below = lines.count - start - inner.height
        for (row, line) in lines.dropFirst(start).prefix(inner.height).enumerated() {
            if below > 0, row == inner.height - 1 {
                screen.write("↓ \(below + 1) more below (j, PgDn, G)", x: inner.x + 1, y: inner.y + row, maxWidth: inner.width - 2, style: .dim)
                break
            }
            screen.write(line.0, x: inner.x + 1, y: inner.y + row, maxWidth: inner.width - 2, style: line.1)
        }
    }
}
