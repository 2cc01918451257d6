/// A board as it will be once some not-yet-committed events commit: `base` with the tasks those
/// events touched laid over it. Costs O(events), never a copy of the base, so the writer can
/// validate a whole batch of commands against it while the committed board stays untouched.
public struct PendingBoard: TaskLookup {
    public let base: any TaskLookup
    /// Task id → the task after the pending events, or `nil` when they deleted it.
    private var overrides: [TaskID: TaskItem?] = [:]

    /// - Parameter capacity: how many tasks the pending events are expected to touch; reserving
    ///   them up front spares the writer a rehash per doubling of a large batch.
    public init(base: any TaskLookup, capacity: Int = 0) {
        self.base = base
        overrides.reserveCapacity(capacity)
    }

    public var isEmpty: Bool { overrides.isEmpty }

    public mutating func apply(_ event: Event) {
        guard event.type.isTaskEvent, let task = event.payload.task else { return }
        if case .taskDeleted = event.payload {
            overrides[task.id] = .some(nil)
        } else {
            overrides[task.id] = .some(task)
        }
    }

    public func task(_ id: TaskID) -> TaskItem? {
        if let override = overrides[id] { return override }
        return base.task(id)
    }

    public func dependentIDs(of id: TaskID) -> Set<TaskID> {
        var result = base.dependentIDs(of: id).filter { overrides[$0] == nil }
        for case let (taskID, task?) in overrides where task.dependencies.contains(id) {
            result.insert(taskID)
        }
        return result
    }
}
