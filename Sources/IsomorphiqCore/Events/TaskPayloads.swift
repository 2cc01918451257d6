public import Foundation
/// The typed `data` of each task event. Field names are the wire contract; golden tests pin them.
/// Every payload that leaves a task behind carries it whole as `task`, so the board reducer
/// needs nothing but the event.

public struct TaskCreated: Sendable, Hashable, Codable {
    public var task: TaskItem
    public var createdBy: UserID
}

public struct TaskUpdated: Sendable, Hashable, Codable {
    public var taskId: TaskID
    public var task: TaskItem
    /// Field name → old and new value, for every field the update changed.
    public var changes: [String: FieldChange]
    public var updatedBy: UserID
}

public struct TaskDeleted: Sendable, Hashable, Codable {
    public var taskId: TaskID
    /// The task as it was when deleted.
    public var task: TaskItem
    public var deletedBy: UserID
}

public struct TaskStatusChanged: Sendable, Hashable, Codable {
    public var taskId: TaskID
    public var oldStatus: TaskStatus
    public var newStatus: TaskStatus
    public var task: TaskItem
    public var updatedBy: UserID
}

public struct TaskPriorityChanged: Sendable, Hashable, Codable {
    public var taskId: TaskID
    public var oldPriority: TaskPriority
    public var newPriority: TaskPriority
    public var task: TaskItem
    public var updatedBy: UserID
}

public struct TaskAssigned: Sendable, Hashable, Codable {
    public var taskId: TaskID
    public var oldAssignee: UserID?
    /// `nil` when the task was unassigned.
    public var assignedTo: UserID?
    public var task: TaskItem
    public var updatedBy: UserID
}

/// `task_collaborators_updated` and `task_watchers_updated`: who was added and removed, and the
/// whole set after the change (under `collaborators` or `watchers`, as the type says).
public struct TaskMembersUpdated: Sendable, Hashable {
    public var taskId: TaskID
    public var added: Set<UserID>
    public var removed: Set<UserID>
    public var members: Set<UserID>
    public var task: TaskItem
    public var updatedBy: UserID
}

public struct TaskDependencyAdded: Sendable, Hashable, Codable {
    public var taskId: TaskID
    public var dependsOn: TaskID
    public var task: TaskItem
    public var updatedBy: UserID
}

public struct TaskDependencyRemoved: Sendable, Hashable, Codable {
    public var taskId: TaskID
    public var dependencyRemoved: TaskID
    public var task: TaskItem
    public var updatedBy: UserID
}

/// The old and new value of one changed field.
public struct FieldChange: Sendable, Hashable, Codable {
    public var old: JSONValue
    public var new: JSONValue

    public init(old: JSONValue, new: JSONValue) {
        self.old = old
        self.new = new
    }
}
