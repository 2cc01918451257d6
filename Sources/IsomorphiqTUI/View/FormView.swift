import IsomorphiqCore
import Foundation

/// The new/edit task form: one line per field, the focused one with a cursor, the error under
/// the field it is about (or at the bottom).
struct FormView {
    let form: TaskForm
    var theme: Theme = .standard

    func draw(into screen: inout ScreenBuffer, in bounds: Rect) {
        let fields = TaskForm.Field.allCases
        let title = form.isNew ? "New task" : "Edit #\(form.taskID!.uuidString.lowercased().prefix(8))"
        let rect = screen.dialog(width: 78, height: fields.count * 2 + 5, title: title + " (Enter save, Tab next, Esc cancel)", in: bounds)
        let inner = rect.inner
        let valueX = inner.x + 14
        let valueWidth = max(4, inner.maxX - valueX - 1)
        var y = inner.y
        for field in fields {
            guard y < inner.maxY - 1 else { break }
            let focused = field == form.focus
            screen.write(EventLine.pad(field.label, 12), x: inner.x + 1, y: y, style: focused ? Style(theme[.focus], bold: true) : .bold)
            let editor = form.values[field] ?? LineEditor()
            // Line breaks (only the description has them) show as ⏎, one column each.
            let cursorColumn = CharacterWidth.of(Self.shown(String(editor.characters.prefix(editor.cursor))))
            let offset = focused ? max(0, cursorColumn - valueWidth + 1) : 0
            let visible = Self.dropColumns(Self.shown(editor.text), offset)
            screen.write(padded: visible, x: valueX, y: y, width: valueWidth, style: Style(underline: true))
            if focused, cursorColumn - offset < valueWidth {
                screen.restyle(Rect(x: valueX + cursorColumn - offset, y: y, width: 1, height: 1)) { $0.reverse = true }
            }
            y += 1
            if form.errorField == field, let error = form.error {
                screen.write("✗ " + error, x: valueX, y: y, maxWidth: valueWidth, style: theme.error)
            } else if focused, !field.hint.isEmpty {
                let lines = editor.characters.filter { $0 == "\n" }.count + 1
                let hint = lines > 1 ? "\(lines) lines; " + field.hint : field.hint
                screen.write(hint, x: valueX, y: y, maxWidth: valueWidth, style: .dim)
            }
            y += 1
        }
        if form.errorField == nil, let error = form.error {
            screen.write("✗ " + error, x: inner.x + 1, y: inner.maxY - 2, maxWidth: inner.width - 2, style: theme.error)
        }
        if form.submitting { screen.write("saving…", x: inner.x + 1, y: inner.maxY - 1, style: .dim) }
    }

    static func shown(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "⏎") }

    static func dropColumns(_ text: String, _ columns: Int) -> Substring {
        var dropped = 0
        var index = text.startIndex
        while dropped < columns, index < text.endIndex {
            dropped += CharacterWidth.of(text[index])
            index = text.index(after: index)
        }
        return text[index...]
    }
}
