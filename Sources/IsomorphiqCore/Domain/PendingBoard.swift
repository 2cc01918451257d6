/// A board as it will be once some not-yet-committed events commit: `base` with the tasks those
/// events touched laid over it. Costs O(events), never a copy of the base, so the writer can
/// validate a whole batch of commands against it while the committed board stays untouched.
public struct PendingBoard: TaskLookup {
    public let base: any TaskLookup
    /// Task id → the last pending event on it (the task it carries is the task after it, unless it
    /// deleted it). An event, not its task, is kept: one retain instead of a copy of every field.
    private var overrides: [TaskID: Event] = [:]

    /// - Parameter capacity: how many tasks the pending events are expected to touch; reserving
    ///   them up front spares the writer a rehash per doubling of a large batch.
    public init(base: any TaskLookup, capacity: Int = 0) {
        self.base = base
        overrides.reserveCapacity(capacity)
    }

    public var isEmpty: Bool { overrides.isEmpty }

    public mutating func apply(_ event: Event) {
        guard event.type.isTaskEvent, let id = event.taskID else { return }
        overrides[id] = event
    }

    public func task(_ id: TaskID) -> TaskItem? {
        if let event = overrides[id] { return Self.task(after: event) }
        return base.task(id)
    }

    public func dependentIDs(of id: TaskID) -> Set<TaskID> {
        var result = base.dependentIDs(of: id).filter { overrides[$0] == nil }
        for (taskID, event) in overrides where Self.task(after: event)?.dependencies.contains(id) == true {
            result.insert(taskID)
        }
        return result
    }

    private static func task(after event: Event) -> TaskItem? {
        event.type == .taskDeleted ? nil : event.payload.task
    }
}
