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
        guard event.type.isTaskEvent, let task = event.payload.task else { return }
        if case .taskDeleted = event.payload {
            remove(task.id)
        } else if let index = tasks.index(forKey: task.id) {
            replace(at: index, with: task)
        } else if case .taskCreated = event.payload {
            put(task)
        }
        if event.seq > lastSeq { lastSeq = event.seq }
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

    private mutating func put(_ task: TaskItem) {
        let old = tasks.updateValue(task, forKey: task.id)?.dependencies ?? []
        guard old != task.dependencies else { return }
        for gone in old.subtracting(task.dependencies) { unlink(task.id, from: gone) }
        for added in task.dependencies.subtracting(old) { dependents[added, default: []].insert(task.id) }
    }

    /// `put` for a task already on the board: one hash look-up, the value replaced in place.
    private mutating func replace(at index: Dictionary<TaskID, TaskItem>.Index, with task: TaskItem) {
        let old = tasks.values[index].dependencies
        tasks.values[index] = task
        guard old != task.dependencies else { return }
        for gone in old.subtracting(task.dependencies) { unlink(task.id, from: gone) }
        for added in task.dependencies.subtracting(old) { dependents[added, default: []].insert(task.id) }
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
