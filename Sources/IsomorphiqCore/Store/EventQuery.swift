public import Foundation

/// Which stored events to read. Every condition narrows; an empty query reads everything.
public struct EventQuery: Sendable, Hashable {
    /// Only events with `seq > afterSeq`.
    public var afterSeq: Int64?
    /// Only events with `seq <= throughSeq`.
    public var throughSeq: Int64?
    /// Every event that concerns this task: its own, and dependency events that name it.
    public var taskID: TaskID?
    public var types: Set<EventType>?
    /// Only events at or after this time.
    public var since: Date?
    /// Only events before this time.
    public var until: Date?
    /// At most this many, oldest first.
    public var limit: Int?

    public init(
        afterSeq: Int64? = nil, throughSeq: Int64? = nil, taskID: TaskID? = nil, types: Set<EventType>? = nil,
        since: Date? = nil, until: Date? = nil, limit: Int? = nil
    ) {
        self.afterSeq = afterSeq
        self.throughSeq = throughSeq
        self.taskID = taskID
        self.types = types
        self.since = since
        self.until = until
        self.limit = limit
    }

    /// Whether `event` satisfies every condition but the limit.
    public func matches(_ event: Event) -> Bool {
        if let afterSeq, event.seq <= afterSeq { return false }
        if let throughSeq, event.seq > throughSeq { return false }
        if let taskID, event.taskID != taskID, event.payload.relatedTaskID != taskID { return false }
        if let types, !types.contains(event.type) { return false }
        if let since, event.timestamp < since { return false }
        if let until, event.timestamp >= until { return false }
        return true
    }
}
