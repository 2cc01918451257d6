public import Foundation

/// A user name as it appears in events and permissions.
public typealias UserID = String

/// A task's identity.
public typealias TaskID = UUID

/// One task on the board. A plain value: every change to it is an event, and the board holds
/// the task as the newest event left it.
///
/// Named `TaskItem` so that it never shadows Swift's own `Task`.
public struct TaskItem: Sendable, Hashable, Codable, Identifiable {
    public var id: TaskID
    public var title: String
    public var description: String?
    public var status: TaskStatus
    public var priority: TaskPriority
    public var createdBy: UserID
    public var assignedTo: UserID?
    public var collaborators: Set<UserID>
    public var watchers: Set<UserID>
    public var dependencies: Set<TaskID>
    public var tags: Set<String>
    public var due: Date?
    public var createdAt: Date
    public var updatedAt: Date
    /// Bumped by every event on the task; the first event leaves it at 1.
    public var version: Int

    public init(
        id: TaskID = RandomUUID.make(),
        title: String,
        description: String? = nil,
        status: TaskStatus = .todo,
        priority: TaskPriority = .default,
        createdBy: UserID,
        assignedTo: UserID? = nil,
        collaborators: Set<UserID> = [],
        watchers: Set<UserID> = [],
        dependencies: Set<TaskID> = [],
        tags: Set<String> = [],
        due: Date? = nil,
        createdAt: Date,
        updatedAt: Date? = nil,
        version: Int = 1
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.status = status
        self.priority = priority
        self.createdBy = createdBy
        self.assignedTo = assignedTo
        self.collaborators = collaborators
        self.watchers = watchers
        self.dependencies = dependencies
        self.tags = tags
        self.due = due
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.version = version
    }

    /// The first eight hex digits of the id, as shown in lists (`#a1b2c3d4`).
    public var shortID: String {
        String(id.uuidString.lowercased().prefix(8))
    }
}
