public import Foundation
/// The read side: every live task, as the fold of the event log.
///
/// `apply` is a pure reducer. It trusts the event (validation happened before the event was
/// made) and never fails: an event about an unknown task is ignored for updates, so a replay of
/// any log gives a board. Derived indexes (who depends on whom) are rebuilt by `apply` itself.
public struct TaskBoard: Sendable, Hashable {
    public private(set) var tasks: [TaskID: TaskItem] = [:]
    /// For each task, the tasks that depend on it.
    public private(set) var dependents: [TaskID: Set<TaskID>] = [:]
    /// The seq of the last event folded in (0 for an empty board).
    public private(set) var lastSeq: Int64 = 0

    public init() {}

    public init(tasks: some Sequence<TaskItem>, lastSeq: Int64) {
        for task in tasks { put(task) }
        self.lastSeq = lastSeq
    }

    public subscript(id: TaskID) -> TaskItem? { tasks[id] }
    public var count: Int { tasks.count }

    /// Folds one event into the board. System events change nothing but are harmless.
    public mutating func apply(_ event: Event) {
        apply(BoardChange(event))
    }

    /// Folds one event given as its `BoardChange` (what replay decodes when it only builds a board).
    /// Takes the change's task without copying it (a task is a dozen reference-counted fields).
    public mutating func apply(_ change: consuming BoardChange) {
        let type = change.type
        let seq = change.seq
        guard type.isTaskEvent, let task = change.task.take() else { return }
        let id = task.id
        if type == .taskDeleted {
            remove(id)
        } else if let index = tasks.index(forKey: id) {
            replace(at: index, with: task)
        } else if type == .taskCreated {
            put(task)
        }
        if seq > lastSeq { lastSeq = seq }
    }

    public func applying(_ event: Event) -> TaskBoard {
        var copy = self
        copy.apply(event)
        return copy
    }

    /// Folds `events` from an empty board.
    public static func fold(_ events: some Sequence<Event>) -> TaskBoard {
        var board = TaskBoard()
        for event in events { board.apply(event) }
        return board
    }

    private mutating func put(_ task: consuming TaskItem) {
        let id = task.id
        let new = task.dependencies
        let old = tasks.updateValue(task, forKey: id)?.dependencies ?? []
        link(id, from: old, to: new)
    }

    /// `put` for a task already on the board, found at `index`: one hash lookup, not two.
    private mutating func replace(at index: Dictionary<TaskID, TaskItem>.Index, with task: consuming TaskItem) {
        let id = task.id
        let new = task.dependencies
        swap(&tasks.values[index], &task)
        link(id, from: task.dependencies, to: new)
    }

    /// Updates `dependents` for `id`'s dependencies going from `old` to `new`.
    private mutating func link(_ id: TaskID, from old: Set<TaskID>, to new: Set<TaskID>) {
        guard old != new else { return }
        for gone in old.subtracting(new) { unlink(id, from: gone) }
        for added in new.subtracting(old) { dependents[added, default: []].insert(id) }
    }

    private mutating func remove(_ id: TaskID) {
        guard let task = tasks.removeValue(forKey: id) else { return }
        for dependency in task.dependencies { unlink(id, from: dependency) }
    }

    private mutating func unlink(_ dependent: TaskID, from dependency: TaskID) {
        dependents[dependency]?.remove(dependent)
        if dependents[dependency]?.isEmpty == true { dependents[dependency] = nil }
    }
}
