/// Read access to tasks, as the rules need it. `TaskBoard` is one; `PendingBoard` layers
/// not-yet-committed events over another.
public protocol TaskLookup: Sendable {
    func task(_ id: TaskID) -> TaskItem?
    /// The ids of the tasks that depend on `id`.
    func dependentIDs(of id: TaskID) -> Set<TaskID>
}

extension TaskBoard: TaskLookup {
    public func task(_ id: TaskID) -> TaskItem? { tasks[id] }
    public func dependentIDs(of id: TaskID) -> Set<TaskID> { dependents[id] ?? [] }
}
