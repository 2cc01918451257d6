import Foundation

/// The `M` overlay: the status line's last messages, newest first, each wrapped in full, with
/// the time it was said.
struct MessagesView {
    let state: AppState
    let scroll: Int

    static let width = 100

    func lines(width: Int) -> [(String, Style)] {
        var lines: [(String, Style)] = []
        for message in state.messageLog.reversed() {
            let said = TimeText.clock(message.said, in: state.timeZone)
            let wrapped = DetailView.wrap(message.text, width: max(10, width - 11))
            for (index, line) in wrapped.enumerated() {
                lines.append(((index == 0 ? EventLine.pad(said, 9) : String(repeating: " ", count: 9)) + line, message.isError ? state.theme.error : .plain))
            }
        }
        return lines
    }

    func draw(into screen: inout ScreenBuffer, in bounds: Rect) {
        let width = min(Self.width, bounds.width - 2)
        TextOverlayView(title: "Messages, newest first (j/k scroll, Esc close)", lines: lines(width: width - 2), scroll: scroll, width: width)
            .draw(into: &screen, in: bounds)
    }
}
