import IsomorphiqCore
import Foundation

/// The task list: one row per task (short id, status, priority, title, assignee, tags, due),
/// the cursor in reverse, marked tasks with `*`, blocked ones with `⊘`, recent changes lit.
struct TaskListView {
    let state: AppState

    struct Columns {
        var title: Int
        var assignee: Int
        var tags: Int
        var due: Int

        init(width: Int) {
            // cursor, mark, blocked (4) id(9) status(12) priority(5) = 30 fixed
            let rest = max(10, width - 30)
            assignee = rest >= 60 ? 12 : 9
            due = rest >= 60 ? 11 : 6
            tags = rest >= 80 ? 18 : (rest >= 45 ? 10 : 0)
            title = max(8, rest - assignee - due - tags)
        }
    }

    func draw(into screen: inout ScreenBuffer, in rect: Rect) {
        let list = state.list
        let shown = list.count == state.board.count ? "\(list.count)" : "\(list.count) of \(state.board.count)"
        screen.box(rect, title: "Tasks (\(shown))", focused: state.focus == .list)
        let inner = rect.inner
        guard inner.height > 1, inner.width > 10 else { return }
        let columns = Columns(width: inner.width)
        var header = "    " + TextFit.cell("ID", 9) + TextFit.cell("STATUS", 12) + TextFit.cell("PRI", 5)
        header += TextFit.cell("TITLE", columns.title) + TextFit.cell("ASSIGNEE", columns.assignee)
        header += TextFit.cell("TAGS", columns.tags) + (columns.due > 0 ? "DUE" : "")
        screen.write(header, x: inner.x, y: inner.y, maxWidth: inner.width, style: .bold)
        if list.count == 0 {
            let hint = state.board.count == 0 ? "No tasks yet. Press n to create one." : "No task matches the filter. Press x to clear it."
            screen.write(hint, x: inner.x + 3, y: inner.y + 2, maxWidth: inner.width - 3, style: .dim)
            return
        }
        for row in 0..<(inner.height - 1) {
            let index = list.scrollTop + row
            guard index < list.count, let task = state.board[list.rows[index]] else { break }
            drawRow(task, selected: index == list.cursor, into: &screen, x: inner.x, y: inner.y + 1 + row, width: inner.width, columns: columns)
        }
    }

    private func drawRow(_ task: TaskItem, selected: Bool, into screen: inout ScreenBuffer, x: Int, y: Int, width: Int, columns: Columns) {
        let theme = state.theme
        let lit = state.highlights[task.id] != nil
        var base: Style = lit ? Style(.black, background: theme[.highlight]) : .plain
        if selected { base = Style(bold: state.focus == .list, reverse: true) }
        screen.fill(Rect(x: x, y: y, width: width, height: 1), style: base)
        var column = x
        // Every cell keeps a blank before the next one, and a cut one ends in `…`.
        func put(_ text: String, _ cellWidth: Int, _ style: Style) {
            guard cellWidth > 0 else { return }
            screen.write(padded: TextFit.cell(text, cellWidth), x: column, y: y, width: min(cellWidth, x + width - column), style: style)
            column += cellWidth
        }
        func colored(_ color: Style.Color, bold: Bool = false, dim: Bool = false) -> Style {
            selected || lit ? base : Style(color, bold: bold, dim: dim)
        }
        put(selected ? ">" : " ", 1, base)
        put(state.list.marked.contains(task.id) ? "*" : " ", 1, colored(theme[.marked], bold: true))
        put(state.board.isBlocked(task.id) ? "⊘" : " ", 2, colored(theme[.blocked], bold: true))
        put(task.shortID, 9, colored(.default, dim: true))
        put(task.status.rawValue, 12, colored(theme.color(task.status)))
        put(Self.priorityLabel(task.priority), 5, colored(theme.color(task.priority), bold: task.priority == .high))
        put(task.title, columns.title, base)
        put(task.assignedTo.map { "@\($0)" } ?? "", columns.assignee, colored(theme[.assignee]))
        put(task.tags.sorted().map { "+\($0)" }.joined(separator: " "), columns.tags, colored(theme[.tags]))
        if let due = task.due {
            let text = DueDate.format(due)
            // Narrow, the month and day; the year instead when it is not this one.
            let sameYear = text.prefix(4) == DueDate.format(state.now).prefix(4)
            put(columns.due >= 11 ? text : sameYear ? String(text.dropFirst(5)) : String(text.prefix(4)), columns.due, colored(due < state.now && !task.status.isSettled ? theme[.overdue] : .default))
        }
    }

    static func priorityLabel(_ priority: TaskPriority) -> String {
        switch priority {
        case .low: "low"
        case .medium: "med"
        case .high: "HIGH"
        }
    }
}
