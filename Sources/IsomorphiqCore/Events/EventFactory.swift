public import Foundation

/// Who is acting, and from where: everything an event's metadata needs besides its schema.
public struct EventContext: Sendable, Hashable {
    public var userId: UserID
    public var sessionId: String?
    public var source: String
    public var correlationId: UUID?
    public var causationId: UUID?

    public init(userId: UserID, sessionId: String? = nil, source: String, correlationId: UUID? = nil, causationId: UUID? = nil) {
        self.userId = userId
        self.sessionId = sessionId
        self.source = source
        self.correlationId = correlationId
        self.causationId = causationId
    }

    var metadata: EventMetadata {
        EventMetadata(userId: userId, sessionId: sessionId, source: source, correlationId: correlationId, causationId: causationId)
    }
}

/// Makes events, one typed constructor per type, stamping id, time and metadata.
///
/// The clock is injected so that tests pin timestamps. By default event ids are time-ordered
/// (version 7), so the store's id index grows at its end, and the ids of new tasks are random
/// (version 4), so that the short prefixes people type tell tasks apart (v7 ids made within the
/// same minute share their first eight digits). An injected `makeID` makes both.
public struct EventFactory: Sendable {
    /// The clock. The default reads the time to the millisecond the wire carries, so that an event
    /// and the task in it are equal to what every reader decodes (another instance's board, a replay).
    public var now: @Sendable () -> Date
    /// Ids of events.
    public var makeID: @Sendable () -> UUID
    /// Ids of tasks the service creates without one.
    public var makeTaskID: @Sendable () -> UUID

    public init(now: @escaping @Sendable () -> Date = { Timestamp.truncated(Date()) }, makeID: (@Sendable () -> UUID)? = nil) {
        self.now = now
        self.makeID = makeID ?? { TimeOrderedUUID.make() }
        self.makeTaskID = makeID ?? { RandomUUID.make() }
    }

    public func make(_ payload: EventPayload, context: EventContext) -> Event {
        Event(id: makeID(), timestamp: now(), payload: payload, metadata: context.metadata)
    }

    public func taskCreated(_ task: TaskItem, context: EventContext) -> Event {
        make(.taskCreated(TaskCreated(task: task, createdBy: context.userId)), context: context)
    }

    public func taskUpdated(_ task: TaskItem, changes: [String: FieldChange], context: EventContext) -> Event {
        make(.taskUpdated(TaskUpdated(taskId: task.id, task: task, changes: changes, updatedBy: context.userId)), context: context)
    }

    public func taskDeleted(_ task: TaskItem, context: EventContext) -> Event {
        make(.taskDeleted(TaskDeleted(taskId: task.id, task: task, deletedBy: context.userId)), context: context)
    }

    public func taskStatusChanged(_ task: TaskItem, from old: TaskStatus, context: EventContext) -> Event {
        make(.taskStatusChanged(TaskStatusChanged(taskId: task.id, oldStatus: old, newStatus: task.status, task: task, updatedBy: context.userId)), context: context)
    }

    public func taskPriorityChanged(_ task: TaskItem, from old: TaskPriority, context: EventContext) -> Event {
        make(.taskPriorityChanged(TaskPriorityChanged(taskId: task.id, oldPriority: old, newPriority: task.priority, task: task, updatedBy: context.userId)), context: context)
    }

    public func taskAssigned(_ task: TaskItem, from old: UserID?, context: EventContext) -> Event {
        make(.taskAssigned(TaskAssigned(taskId: task.id, oldAssignee: old, assignedTo: task.assignedTo, task: task, updatedBy: context.userId)), context: context)
    }

    public func taskCollaboratorsUpdated(_ task: TaskItem, added: Set<UserID>, removed: Set<UserID>, context: EventContext) -> Event {
        let payload = TaskMembersUpdated(taskId: task.id, added: added, removed: removed, members: task.collaborators, task: task, updatedBy: context.userId)
        return make(.taskCollaboratorsUpdated(payload), context: context)
    }

    public func taskWatchersUpdated(_ task: TaskItem, added: Set<UserID>, removed: Set<UserID>, context: EventContext) -> Event {
        let payload = TaskMembersUpdated(taskId: task.id, added: added, removed: removed, members: task.watchers, task: task, updatedBy: context.userId)
        return make(.taskWatchersUpdated(payload), context: context)
    }

    public func taskDependencyAdded(_ task: TaskItem, dependsOn: TaskID, context: EventContext) -> Event {
        make(.taskDependencyAdded(TaskDependencyAdded(taskId: task.id, dependsOn: dependsOn, task: task, updatedBy: context.userId)), context: context)
    }

    public func taskDependencyRemoved(_ task: TaskItem, removed: TaskID, context: EventContext) -> Event {
        make(.taskDependencyRemoved(TaskDependencyRemoved(taskId: task.id, dependencyRemoved: removed, task: task, updatedBy: context.userId)), context: context)
    }

    public func clientConnected(_ presence: ClientPresence) -> Event {
        make(.clientConnected(presence), context: EventContext(userId: presence.user, source: "server"))
    }

    public func clientDisconnected(_ presence: ClientPresence) -> Event {
        make(.clientDisconnected(presence), context: EventContext(userId: presence.user, source: "server"))
    }

    public func systemStarted(_ notice: SystemNotice) -> Event {
        make(.systemStarted(notice), context: EventContext(userId: "system", source: "system"))
    }

    public func systemShutdown(_ notice: SystemNotice) -> Event {
        make(.systemShutdown(notice), context: EventContext(userId: "system", source: "system"))
    }
}
