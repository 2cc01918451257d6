/// Which events a subscriber wants: by type (nil = every type) and optionally by task.
public struct EventFilter: Sendable, Hashable {
    public var types: Set<EventType>?
    public var taskIDs: Set<TaskID>?

    public init(types: Set<EventType>? = nil, taskIDs: Set<TaskID>? = nil) {
        self.types = types
        self.taskIDs = taskIDs
    }

    public static let all = EventFilter()
    public static let taskEvents = EventFilter(types: Set(EventType.taskEvents))

    public static func type(_ type: EventType) -> EventFilter { EventFilter(types: [type]) }

    public func matches(_ event: Event) -> Bool {
        if let types, !types.contains(event.type) { return false }
        if let taskIDs {
            guard let id = event.taskID else { return false }
            return taskIDs.contains(id) || event.payload.relatedTaskID.map(taskIDs.contains) == true
        }
        return true
    }
}
