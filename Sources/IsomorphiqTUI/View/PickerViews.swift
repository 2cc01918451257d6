import IsomorphiqCore
import Foundation

/// The dependency picker, the command palette and the delete confirmation: small dialogs.
struct PickerViews {
    let state: AppState

    func drawPicker(_ picker: DependencyPicker, into screen: inout ScreenBuffer, in bounds: Rect) {
        guard let task = state.board[picker.taskID] else { return }
        let rect = screen.dialog(width: 80, height: 22, title: "#\(task.shortID) depends on… (Enter toggle, Esc done)", in: bounds)
        let inner = rect.inner
        screen.write("Search: " + picker.search.text, x: inner.x + 1, y: inner.y, maxWidth: inner.width - 2, style: .bold)
        var listTop = inner.y + 1
        if let error = picker.error {
            screen.write("✗ " + error, x: inner.x + 1, y: listTop, maxWidth: inner.width - 2, style: state.theme.error)
            listTop += 1
        }
        let candidates = picker.candidates(on: state.board)
        let height = max(1, inner.maxY - listTop)
        let start = max(0, picker.cursor - height + 1)
        for (row, other) in candidates.dropFirst(start).prefix(height).enumerated() {
            let mark = task.dependencies.contains(other.id) ? "[x]" : "[ ]"
            let line = "\(mark) #\(other.shortID) \(EventLine.pad(other.status.rawValue, 11)) \(other.title)"
            let style: Style = start + row == picker.cursor ? .reverse : .plain
            screen.write(padded: line, x: inner.x + 1, y: listTop + row, width: inner.width - 2, style: style)
        }
    }

    func drawPalette(_ palette: Palette, into screen: inout ScreenBuffer, in bounds: Rect) {
        let matches = palette.matches(in: state.keyMap)
        let rect = screen.dialog(width: 64, height: min(20, matches.count + 3), title: "Commands (type to search, Enter run)", in: bounds)
        let inner = rect.inner
        screen.write(": " + palette.search.text, x: inner.x + 1, y: inner.y, maxWidth: inner.width - 2, style: .bold)
        let height = max(1, inner.height - 1)
        let start = max(0, palette.cursor - height + 1)
        for (row, binding) in matches.dropFirst(start).prefix(height).enumerated() {
            let style: Style = start + row == palette.cursor ? .reverse : .plain
            screen.write(padded: EventLine.pad(binding.help, 46) + binding.keyLabel, x: inner.x + 1, y: inner.y + 1 + row, width: inner.width - 2, style: style)
        }
    }

    func drawConfirmDelete(_ id: TaskID, into screen: inout ScreenBuffer, in bounds: Rect) {
        guard let task = state.board[id] else { return }
        let rect = screen.dialog(width: 60, height: 5, title: "Delete", in: bounds)
        let inner = rect.inner
        screen.write("Delete #\(task.shortID) \"\(task.title)\"?", x: inner.x + 1, y: inner.y, maxWidth: inner.width - 2, style: .bold)
        screen.write("y delete   any other key keeps it", x: inner.x + 1, y: inner.y + 2, maxWidth: inner.width - 2, style: .dim)
    }
}
