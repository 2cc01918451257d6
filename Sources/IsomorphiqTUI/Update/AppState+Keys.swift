import IsomorphiqCore
import Foundation
import IsomorphiqSource

extension AppState {
    /// A key goes to the overlay when one is open, else through the key table.
    mutating func handleKey(_ pressed: Key) -> [Effect] {
        // Ctrl-J (line feed) is a new line in the form's description and Enter everywhere else.
        var key = pressed
        if key == .ctrl("j") { if case .form = overlay {} else { key = .enter } }
        if let overlay { return handleOverlayKey(key, overlay) }
        if layout.isTooSmall, key != .char("q"), key != .ctrl("c") { return [] }
        guard let action = keyMap.action(for: key, in: focus) else { return [] }
        return perform(action)
    }

    /// Carries out an action from the key table or the palette.
    mutating func perform(_ action: Action) -> [Effect] {
        switch action {
        case .moveDown: move(1)
        case .moveUp: move(-1)
        case .top: move(Int.min / 2)
        case .bottom: move(Int.max / 2)
        case .pageDown: move(pageSize)
        case .pageUp: move(-pageSize)
        case .nextPane: focus = focus.next
        case .previousPane: focus = focus.previous
        case .openDetail: if selectedTask != nil { focus = .detail }
        case .closeOverlay:
            if !list.marked.isEmpty { list.marked.removeAll() } else if focus == .detail { focus = .list }
            message = nil
        case .help: overlay = .help(scroll: 0)
        case .messages:
            guard !messageLog.isEmpty else {
                say("no messages yet")
                return []
            }
            overlay = .messages(scroll: 0)
        case .palette: overlay = .palette(Palette())
        case .quit: return [.quit]
        case .repaint: return [.repaint]
        case .retryNow:
            guard let connection, !connection.isLive else {
                say("connected: nothing to retry")
                return []
            }
            say("reconnecting now…")
            return [.retryConnection]
        case .filter: overlay = .prompt(Prompt(.filter, text: list.query.text))
        case .clearFilter: applyFilter("")
        case .sort:
            list.sort = list.sort.nextField
            rebuildList()
            say("sorted by \(list.sort.label)")
        case .reverseSort:
            list.sort.reversed.toggle()
            rebuildList()
            say("sorted by \(list.sort.label)")
        case .toggleFollow:
            feed.togglePause()
        case .feedTypeFilter:
            let current = feed.types.map { $0.map { EventLine.label(for: $0) }.sorted().joined(separator: " ") } ?? ""
            overlay = .prompt(Prompt(.feedTypes, text: current))
        case .undo: return undoLast()
        case .redo: return redoLast()
        case .newTask: overlay = .form(TaskForm())
        default: return performTaskAction(action)
        }
        return []
    }

    var pageSize: Int {
        switch focus {
        case .feed: max(1, layout.feedRows - 1)
        case .detail: max(1, layout.detailRows - 1)
        default: max(1, layout.listRows - 1)
        }
    }

    mutating func move(_ delta: Int) {
        switch focus {
        case .list: list.move(by: delta, viewHeight: layout.listRows)
        case .feed: feed.scroll(by: -max(-100_000, min(100_000, delta)))
        case .detail: detailScroll = max(0, min(1_000, detailScroll + max(-1_000, min(1_000, delta))))
        case .clients: break
        }
    }

    mutating func rebuildList() {
        list.rebuild(from: board, user: user)
        list.scrollIntoView(viewHeight: layout.listRows)
    }

    mutating func applyFilter(_ text: String) {
        do {
            list.query = try TaskQuery.parse(text)
            rebuildList()
            say(list.query.isEmpty ? "filter cleared" : "\(counted(list.count, "task")) \(list.count == 1 ? "matches" : "match")")
        } catch {
            say(error.message, error: true)
        }
    }

    /// The tasks a change applies to: the marked ones, or else the one under the cursor.
    var targets: [TaskItem] {
        if !list.marked.isEmpty { return list.marked.compactMap { board[$0] }.sorted { $0.id.uuidString < $1.id.uuidString } }
        return selectedTask.map { [$0] } ?? []
    }

    /// Actions on the selected (or marked) tasks.
    mutating func performTaskAction(_ action: Action) -> [Effect] {
        guard let task = selectedTask else {
            say("no task selected", error: true)
            return []
        }
        switch action {
        case .edit: overlay = .form(.editing(task))
        case .delete: overlay = .confirmDelete(task.id)
        case .assign: overlay = .prompt(Prompt(.assign(task.id), text: task.assignedTo ?? ""))
        case .collaborators: overlay = .prompt(Prompt(.collaborators(task.id), text: task.collaborators.sorted().joined(separator: " ")))
        case .tags: overlay = .prompt(Prompt(.tags(task.id), text: task.tags.sorted().joined(separator: " ")))
        case .dependency: overlay = .picker(DependencyPicker(taskID: task.id))
        case .toggleSelect:
            if list.marked.remove(task.id) == nil { list.marked.insert(task.id) }
            list.move(by: 1, viewHeight: layout.listRows)
        case .toggleWatch:
            let watching = task.watchers.contains(user)
            let action = TaskAction.updateWatchers(task.id, add: watching ? [] : [user], remove: watching ? [user] : [])
            return send([TaskCommand(action, expectedVersion: task.version)], as: .change(watching ? "unwatch" : "watch"))
        case .nextStatus:
            return batch("status") { .setStatus($0.id, $0.status.cycled) }
        case .setStatus(let choice):
            let status: TaskStatus = [.todo, .inProgress, .done, .invalid][choice.rawValue - 1]
            return batch("status") { $0.status == status ? nil : .setStatus($0.id, status) }
        case .raisePriority:
            return batch("priority") { task in task.priority.raised.map { p in .setPriority(task.id, p) } }
        case .lowerPriority:
            return batch("priority") { task in task.priority.lowered.map { p in .setPriority(task.id, p) } }
        default: break
        }
        return []
    }

    /// One command per target, sent as one atomic batch (so it undoes as one).
    private mutating func batch(_ label: String, _ make: (TaskItem) -> TaskAction?) -> [Effect] {
        let commands = targets.compactMap { task in make(task).map { TaskCommand($0, expectedVersion: task.version) } }
        guard !commands.isEmpty else {
            say("nothing to change")
            return []
        }
        if !list.marked.isEmpty { list.marked.removeAll() }
        return send(commands, as: .change(label))
    }
}
