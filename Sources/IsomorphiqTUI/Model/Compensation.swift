public import IsomorphiqCore
import Foundation

/// The commands that undo events: each event's inverse, in reverse order, so that a batch
/// undoes as one batch. The first command on each task expects the version the events left
/// it at, so an undo never silently overwrites a change someone made since (that is a conflict).
public enum Compensation {
    public static func commands(undoing events: [Event]) -> [TaskCommand] {
        var guarded: Set<TaskID> = []
        var commands: [TaskCommand] = []
        for event in events.reversed() {
            guard let task = event.payload.task, let action = inverse(of: event.payload) else { continue }
            let expected: Int? = if case .create = action { nil } else { guarded.insert(task.id).inserted ? latestVersion(of: task.id, in: events) : nil }
            commands.append(TaskCommand(action, expectedVersion: expected))
        }
        return commands
    }

    private static func latestVersion(of id: TaskID, in events: [Event]) -> Int? {
        events.last { $0.taskID == id }?.payload.task?.version
    }

    /// The one action that reverses `payload`, or `nil` for events that are not task changes.
    public static func inverse(of payload: EventPayload) -> TaskAction? {
        switch payload {
        case .taskCreated(let p): return .delete(p.task.id)
        case .taskDeleted(let p):
            let t = p.task
            return .create(NewTask(
                id: t.id, title: t.title, description: t.description, status: t.status, priority: t.priority,
                assignedTo: t.assignedTo, collaborators: t.collaborators, watchers: t.watchers,
                dependencies: t.dependencies, tags: t.tags, due: t.due))
        case .taskUpdated(let p): return .update(p.taskId, patch(reverting: p.changes))
        case .taskStatusChanged(let p): return .setStatus(p.taskId, p.oldStatus)
        case .taskPriorityChanged(let p): return .setPriority(p.taskId, p.oldPriority)
        case .taskAssigned(let p): return .assign(p.taskId, p.oldAssignee)
        case .taskCollaboratorsUpdated(let p): return .updateCollaborators(p.taskId, add: p.removed, remove: p.added)
        case .taskWatchersUpdated(let p): return .updateWatchers(p.taskId, add: p.removed, remove: p.added)
        case .taskDependencyAdded(let p): return .removeDependency(p.taskId, dependsOn: p.dependsOn)
        case .taskDependencyRemoved(let p): return .addDependency(p.taskId, dependsOn: p.dependencyRemoved)
        case .clientConnected, .clientDisconnected, .systemStarted, .systemShutdown: return nil
        }
    }

    /// A patch that puts every changed field back to its `old` value.
    static func patch(reverting changes: [String: FieldChange]) -> TaskPatch {
        var patch = TaskPatch()
        for (field, change) in changes {
            switch field {
            case "title": patch.title = change.old.stringValue
            case "description": patch.description = .some(change.old.stringValue)
            case "tags":
                if case .array(let values) = change.old { patch.tags = Set(values.compactMap(\.stringValue)) } else { patch.tags = [] }
            case "due": patch.due = .some(change.old.stringValue.flatMap(Timestamp.parse))
            default: break
            }
        }
        return patch
    }
}
