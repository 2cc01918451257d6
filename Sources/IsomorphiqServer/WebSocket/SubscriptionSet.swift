import IsomorphiqCore

/// What one connection wants: event types and, optionally, only some tasks.
///
/// The default on connect is every task event (not presence or system events).
struct SubscriptionSet: Sendable, Hashable {
    var types: Set<EventType> = Set(EventType.taskEvents)
    /// `nil`: every task.
    var taskIDs: Set<TaskID>?

    func matches(_ event: Event) -> Bool {
        guard types.contains(event.type) else { return false }
        guard let taskIDs else { return true }
        guard let id = event.taskID else { return !event.type.isTaskEvent }
        return taskIDs.contains(id) || event.payload.relatedTaskID.map(taskIDs.contains) == true
    }

    mutating func add(types added: Set<EventType>, taskIDs ids: Set<TaskID>?) {
        types.formUnion(added)
        if let ids { taskIDs = (taskIDs ?? []).union(ids) }
    }

    mutating func remove(types removed: Set<EventType>, taskIDs ids: Set<TaskID>?) {
        types.subtract(removed)
        if let ids, var current = taskIDs {
            current.subtract(ids)
            taskIDs = current.isEmpty ? nil : current
        }
    }

    /// `{"eventTypes": [...], "taskIds": [...] | null}`.
    var json: JSONValue {
        .object([
            "eventTypes": .array(types.map(\.rawValue).sorted().map(JSONValue.string)),
            "taskIds": taskIDs.map { .array($0.map(\.wire).sorted().map(JSONValue.string)) } ?? .null,
        ])
    }
}
