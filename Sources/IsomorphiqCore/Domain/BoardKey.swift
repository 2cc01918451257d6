/// One piece of the board a decision can read and an event can change: a task's state, or the set
/// of tasks that depend on a task. A shared log (`SharedEventStore`) uses them to tell whether a
/// batch decided at an older head is still right after other instances' events: it is when none
/// of those events changes a key the batch read.
public enum BoardKey: Sendable, Hashable {
    /// The task with this id (read by `task(_:)`, a miss included: a later creation changes it).
    case task(TaskID)
    /// The ids of the tasks that depend on this one (read by `dependentIDs(of:)`).
    case dependents(TaskID)
}

extension Event {
    /// The keys applying this event can change: its task, and the dependents of every task its
    /// task depends on (and of the one a dependency event names). A superset for most events,
    /// which is safe: it can only make a batch decided again that did not need to be.
    public var boardKeys: [BoardKey] {
        guard type.isTaskEvent, let id = taskID else { return [] }
        var keys: [BoardKey] = [.task(id)]
        if let task = payload.task {
            for dependency in task.dependencies { keys.append(.dependents(dependency)) }
        }
        if let related = payload.relatedTaskID { keys.append(.dependents(related)) }
        return keys
    }
}
