public import Foundation

/// What an actor asks of the board: one operation, and optionally the version of the task it
/// expects (optimistic concurrency: a mismatch is a conflict).
public struct TaskCommand: Sendable, Hashable {
    public var action: TaskAction
    public var expectedVersion: Int?

    public init(_ action: TaskAction, expectedVersion: Int? = nil) {
        self.action = action
        self.expectedVersion = expectedVersion
    }
}

/// Every operation the board supports. Each makes exactly one event (or none, when it would
/// change nothing).
public enum TaskAction: Sendable, Hashable {
    case create(NewTask)
    case update(TaskID, TaskPatch)
    case setStatus(TaskID, TaskStatus)
    case setPriority(TaskID, TaskPriority)
    /// `nil` unassigns.
    case assign(TaskID, UserID?)
    case updateCollaborators(TaskID, add: Set<UserID>, remove: Set<UserID>)
    case updateWatchers(TaskID, add: Set<UserID>, remove: Set<UserID>)
    case addDependency(TaskID, dependsOn: TaskID)
    case removeDependency(TaskID, dependsOn: TaskID)
    case delete(TaskID)

    /// The task the operation is about (`nil` for a create without a chosen id).
    public var taskID: TaskID? {
        switch self {
        case .create(let new): new.id
        case .update(let id, _), .setStatus(let id, _), .setPriority(let id, _), .assign(let id, _),
            .updateCollaborators(let id, _, _), .updateWatchers(let id, _, _), .addDependency(let id, _),
            .removeDependency(let id, _), .delete(let id):
            id
        }
    }
}

/// The fields of a new task. Only `title` is required.
public struct NewTask: Sendable, Hashable {
    /// A caller-chosen id (for imports and idempotent clients); a fresh one otherwise.
    public var id: TaskID?
    public var title: String
    public var description: String?
    public var status: TaskStatus
    public var priority: TaskPriority
    public var assignedTo: UserID?
    public var collaborators: Set<UserID>
    public var watchers: Set<UserID>
    public var dependencies: Set<TaskID>
    public var tags: Set<String>
    public var due: Date?

    public init(
        id: TaskID? = nil, title: String, description: String? = nil, status: TaskStatus = .todo, priority: TaskPriority = .default,
        assignedTo: UserID? = nil, collaborators: Set<UserID> = [], watchers: Set<UserID> = [], dependencies: Set<TaskID> = [],
        tags: Set<String> = [], due: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.status = status
        self.priority = priority
        self.assignedTo = assignedTo
        self.collaborators = collaborators
        self.watchers = watchers
        self.dependencies = dependencies
        self.tags = tags
        self.due = due
    }
}

/// The plain fields an `update` may change. `nil` leaves a field alone; for the optional fields,
/// `.some(nil)` clears it. Status, priority, assignment, members and dependencies have their own
/// actions, so that each change is its own typed event.
public struct TaskPatch: Sendable, Hashable {
    public var title: String?
    public var description: String??
    public var tags: Set<String>?
    public var due: Date??

    public init(title: String? = nil, description: String?? = nil, tags: Set<String>? = nil, due: Date?? = nil) {
        self.title = title
        self.description = description
        self.tags = tags
        self.due = due
    }
}
