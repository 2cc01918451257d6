import IsomorphiqCore
import Foundation

/// Every field of the selected task, its dependencies with their status, its dependents, and
/// its history from the event log, scrolled by `detailScroll`.
struct DetailView {
    let state: AppState

    typealias Line = (text: String, style: Style)

    func draw(into screen: inout ScreenBuffer, in rect: Rect) {
        screen.box(rect, title: "Detail", focused: state.focus == .detail)
        let inner = rect.inner
        guard !inner.isEmpty else { return }
        guard let task = state.selectedTask else {
            screen.write("No task selected.", x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, style: .dim)
            return
        }
        let lines = self.lines(for: task, width: inner.width - 1)
        let start = min(state.detailScroll, max(0, lines.count - inner.height))
        for (row, line) in lines.dropFirst(start).prefix(inner.height).enumerated() {
            screen.write(line.text, x: inner.x + 1, y: inner.y + row, maxWidth: inner.width - 1, style: line.style)
        }
    }

    func lines(for task: TaskItem, width: Int) -> [Line] {
        let board = state.board
        let zone = state.timeZone
        // The whole title, wrapped: the list cuts it.
        let head = "#\(task.shortID)  "
        var lines: [Line] = Self.wrap(task.title, width: max(10, width - head.count)).enumerated().map { index, line in
            ((index == 0 ? head : String(repeating: " ", count: head.count)) + line, .bold)
        }
        let pairs: [(String, String)] = [
            ("Status", task.status.rawValue + (board.isBlocked(task.id) ? " (blocked)" : "")),
            ("Priority", task.priority.rawValue),
            ("Assignee", task.assignedTo ?? "—"),
            ("Created by", task.createdBy),
            ("Collabor.", task.collaborators.isEmpty ? "—" : task.collaborators.sorted().joined(separator: ", ")),
            ("Watchers", task.watchers.isEmpty ? "—" : task.watchers.sorted().joined(separator: ", ")),
            ("Tags", task.tags.isEmpty ? "—" : task.tags.sorted().map { "+\($0)" }.joined(separator: " ")),
            ("Due", task.due.map(DueDate.format) ?? "—"),
            ("Created", TimeText.dateTime(task.createdAt, in: zone)),
            ("Updated", "\(TimeText.dateTime(task.updatedAt, in: zone)) v\(task.version)"),
        ]
        // Two fields a line when there is room, one otherwise.
        let half = width / 2
        let perLine = width >= 60 ? 2 : 1
        for start in stride(from: 0, to: pairs.count, by: perLine) {
            var line = ""
            for (offset, pair) in pairs[start..<min(pairs.count, start + perLine)].enumerated() {
                let cell = EventLine.pad(pair.0, 11) + pair.1
                line += offset == 0 && perLine == 2 ? EventLine.pad(cell, half) : cell
            }
            lines.append((line, .plain))
        }
        if let description = task.description {
            lines.append(("Description", .bold))
            for line in Self.wrap(description, width: max(10, width - 2)) { lines.append(("  " + line, .plain)) }
        }
        lines.append(("Depends on (\(task.dependencies.count))", .bold))
        for dependency in task.dependencies.compactMap({ board[$0] }).sorted(by: { $0.title < $1.title }) {
            let mark = dependency.status.isSettled ? "✓" : "·"
            lines.append(("  \(mark) #\(dependency.shortID) \(EventLine.pad(dependency.status.rawValue, 11)) \(dependency.title)",
                Style(state.theme.color(dependency.status))))
        }
        let dependents = board.dependentTasks(of: task.id).sorted { $0.title < $1.title }
        lines.append(("Dependents (\(dependents.count))", .bold))
        for dependent in dependents {
            lines.append(("    #\(dependent.shortID) \(EventLine.pad(dependent.status.rawValue, 11)) \(dependent.title)", .plain))
        }
        lines.append(("History (newest first)", .bold))
        if state.historyTaskID != task.id || !state.historyLoaded {
            lines.append(("  loading…", .dim))
        } else if state.history.isEmpty {
            lines.append(("  no stored events", .dim))
        }
        for event in state.history.reversed() where state.historyTaskID == task.id {
            lines.append(("  \(EventLine.prefix(event, in: zone)) \(EventLine.summary(event))", EventLine.style(for: event.type, theme: state.theme)))
        }
        return lines
    }

    /// The end of the longest non-empty prefix of `text` at most `width` columns wide.
    private static func prefix(of text: String, fitting width: Int) -> String.Index? {
        var used = 0
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            used += CharacterWidth.of(String(text[index]))
            if used > width { break }
            index = next
        }
        return index == text.startIndex ? text.index(after: text.startIndex) : index
    }

    /// Splits `text` into lines of at most `width` columns, at spaces where possible.
    static func wrap(_ text: String, width: Int) -> [String] {
        var result: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty, CharacterWidth.of(line) + 1 + CharacterWidth.of(word) > width {
                    result.append(line)
                    line = ""
                }
                line += line.isEmpty ? String(word) : " " + word
                // A word wider than the line is split where the line ends.
                while CharacterWidth.of(line) > width, let cut = Self.prefix(of: line, fitting: width) {
                    result.append(String(line[..<cut]))
                    line = String(line[cut...])
                }
            }
            result.append(line)
        }
        return result
    }
}
