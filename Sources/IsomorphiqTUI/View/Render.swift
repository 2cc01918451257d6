import IsomorphiqCore
import Foundation

/// The whole screen for a state: a pure function, no terminal in sight. The driver diffs the
/// result against the previous frame.
public func render(_ state: AppState, size: TerminalSize) -> ScreenBuffer {
    var screen = ScreenBuffer(size: size)
    screen.accent = state.theme[.focus]
    let layout = Layout(size: size, focus: state.focus)
    if layout.isTooSmall {
        let lines = ["Terminal too small: \(size)", "need at least \(Layout.minimum)", "q quits"]
        for (row, line) in lines.enumerated() {
            let y = size.height / 2 - 1 + row
            screen.write(line, x: max(0, (size.width - CharacterWidth.of(line)) / 2), y: y, style: row == 0 ? .bold : .plain)
        }
        return screen
    }
    if !layout.list.isEmpty { TaskListView(state: state).draw(into: &screen, in: layout.list) }
    if !layout.detail.isEmpty { DetailView(state: state).draw(into: &screen, in: layout.detail) }
    FeedView(state: state).draw(into: &screen, in: layout.feed)
    ClientsView(state: state).draw(into: &screen, in: layout.clients)
    StatusBarView(state: state).draw(into: &screen, in: layout.statusBar)
    let body = Rect(x: 0, y: 0, width: size.width, height: size.height - 2)
    let pickers = PickerViews(state: state)
    switch state.overlay {
    case .help(let scroll): HelpView(keyMap: state.keyMap, scroll: scroll).draw(into: &screen, in: body)
    case .form(let form): FormView(form: form, theme: state.theme).draw(into: &screen, in: body)
    case .confirmDelete(let id): pickers.drawConfirmDelete(id, into: &screen, in: body)
    case .picker(let picker): pickers.drawPicker(picker, into: &screen, in: body)
    case .palette(let palette): pickers.drawPalette(palette, into: &screen, in: body)
    case .messages(let scroll): MessagesView(state: state, scroll: scroll).draw(into: &screen, in: body)
    case .prompt, nil: break
    }
    return screen
}
