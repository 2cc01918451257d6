import IsomorphiqCore
import Foundation

extension AppState {
    /// A bus event: the feed, the clients pane, the board and the list all follow it. The cursor
    /// stays on its task; the changed row lights up for `highlightDuration`.
    mutating func receive(_ event: Event) -> [Effect] {
        if event.type.isTaskEvent, event.seq != 0, event.seq <= board.lastSeq { return [] }
        feed.append(event)
        recentEvents.append(now)
        if recentEvents.count > 10_000 { recentEvents.removeFirst() }
        clients.apply(event)
        guard event.type.isTaskEvent, let id = event.taskID else { return [] }
        let old = board[id]
        board.apply(event)
        let new = board[id]
        if list.query.blocked != nil {
            rebuildList()
        } else {
            list.taskChanged(from: old, to: new, on: board, user: user)
            list.scrollIntoView(viewHeight: layout.listRows)
        }
        if new != nil { highlights[id] = now.addingTimeInterval(highlightDuration) } else { highlights[id] = nil }
        if historyTaskID == id || (historyTaskID != nil && event.payload.relatedTaskID == historyTaskID),
            !history.contains(where: { $0.id == event.id }) {
            history.append(event)
        }
        if selectWhenSeen == id, let task = new, let row = list.position(of: task, in: board) {
            list.select(row: row, viewHeight: layout.listRows)
            selectWhenSeen = nil
        }
        if new == nil, case .confirmDelete(id) = overlay {
            overlay = nil
            say("#\(event.payload.task?.shortID ?? "") was deleted by \(event.actor)")
        }
        return []
    }

    /// A command came back: record it for undo, or show why it failed where the user looks.
    mutating func finish(_ id: Int, _ result: Result<[Event], TaskServiceError>) -> [Effect] {
        guard let purpose = pending.removeValue(forKey: id) else { return [] }
        switch (purpose, result) {
        case (.change, .success(let events)), (.picker, .success(let events)):
            undo.record(events)
            if events.isEmpty { say("nothing changed") }
        case (.form, .success(let events)):
            undo.record(events)
            overlay = nil
            if let created = events.first?.payload.task, case .taskCreated = events.first?.payload {
                say("created #\(created.shortID)")
                if let task = board[created.id], let row = list.position(of: task, in: board) {
                    list.select(row: row, viewHeight: layout.listRows)
                    selectWhenSeen = nil
                }
            } else {
                say(events.isEmpty ? "nothing changed" : "saved")
            }
        case (.undo(let entry), .success(let events)):
            undo.recordUndone(events.isEmpty ? entry : events)
            say("undone (\(counted(events.count, "change")))")
        case (.redo(let entry), .success(let events)):
            undo.recordRedone(events.isEmpty ? entry : events)
            say("redone (\(counted(events.count, "change")))")
        case (.form, .failure(let error)):
            guard case .form(var form) = overlay else {
                say(error.message, error: true)
                break
            }
            form.submitting = false
            form.error = explain(error, retry: "press Enter again to save over it, or Esc")
            form.errorField = error.field.flatMap(TaskForm.Field.init(rawValue:))
            if error.code == .conflict, let current = error.currentVersion { form.expectedVersion = current }
            if let field = form.errorField { form.focus = field }
            overlay = .form(form)
        case (.picker, .failure(let error)):
            if case .picker(var picker) = overlay {
                picker.error = explain(error, retry: "press Enter again to apply it to the task as it is now")
                overlay = .picker(picker)
            } else {
                say(explain(error, retry: "try again on the task as it is now"), error: true)
            }
        case (.undo(let entry), .failure(let error)):
            undo.restoreUndo(entry)
            say("cannot undo: \(explain(error, retry: "undoing now would overwrite that change; change the task with e instead"))", error: true)
        case (.redo(let entry), .failure(let error)):
            undo.restoreRedo(entry)
            say("cannot redo: \(explain(error, retry: "redoing now would overwrite that change; change the task with e instead"))", error: true)
        case (.change(let label), .failure(let error)):
            say("\(label): \(explain(error, retry: "the list shows the task as it is now; press the key again to apply yours to it"))", error: true)
        }
        return []
    }

    /// The error as the user should read it; a conflict adds `retry`, what to do where it happened.
    func explain(_ error: TaskServiceError, retry: String) -> String {
        switch error.code {
        case .conflict: "\(error.message) — \(retry)"
        default: error.message
        }
    }

    mutating func undoLast() -> [Effect] {
        guard let entry = undo.popUndo() else {
            say("nothing to undo")
            return []
        }
        return send(Compensation.commands(undoing: entry), as: .undo(entry))
    }

    mutating func redoLast() -> [Effect] {
        guard let entry = undo.popRedo() else {
            say("nothing to redo")
            return []
        }
        return send(Compensation.commands(undoing: entry), as: .redo(entry))
    }
}
