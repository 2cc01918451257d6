public import Foundation
/// What an event says, typed per event type.
///
/// `indirect`: every case is boxed, so copying an event (the bus hands the same event to the
/// store, the board and every subscriber) is one retain instead of a copy of a whole task.
public indirect enum EventPayload: Sendable, Hashable {
    case taskCreated(TaskCreated)
    case taskUpdated(TaskUpdated)
    case taskDeleted(TaskDeleted)
    case taskStatusChanged(TaskStatusChanged)
    case taskPriorityChanged(TaskPriorityChanged)
    case taskAssigned(TaskAssigned)
    case taskCollaboratorsUpdated(TaskMembersUpdated)
    case taskWatchersUpdated(TaskMembersUpdated)
    case taskDependencyAdded(TaskDependencyAdded)
    case taskDependencyRemoved(TaskDependencyRemoved)
    case clientConnected(ClientPresence)
    case clientDisconnected(ClientPresence)
    case systemStarted(SystemNotice)
    case systemShutdown(SystemNotice)

    public var type: EventType {
        switch self {
        case .taskCreated: .taskCreated
        case .taskUpdated: .taskUpdated
        case .taskDeleted: .taskDeleted
        case .taskStatusChanged: .taskStatusChanged
        case .taskPriorityChanged: .taskPriorityChanged
        case .taskAssigned: .taskAssigned
        case .taskCollaboratorsUpdated: .taskCollaboratorsUpdated
        case .taskWatchersUpdated: .taskWatchersUpdated
        case .taskDependencyAdded: .taskDependencyAdded
        case .taskDependencyRemoved: .taskDependencyRemoved
        case .clientConnected: .clientConnected
        case .clientDisconnected: .clientDisconnected
        case .systemStarted: .systemStarted
        case .systemShutdown: .systemShutdown
        }
    }

    /// The task the event is about, for task events; read without copying the task out of the payload.
    public var taskID: TaskID? {
        switch self {
        case .taskCreated(let p): p.task.id
        case .taskUpdated(let p): p.taskId
        case .taskDeleted(let p): p.taskId
        case .taskStatusChanged(let p): p.taskId
        case .taskPriorityChanged(let p): p.taskId
        case .taskAssigned(let p): p.taskId
        case .taskCollaboratorsUpdated(let p), .taskWatchersUpdated(let p): p.taskId
        case .taskDependencyAdded(let p): p.taskId
        case .taskDependencyRemoved(let p): p.taskId
        case .clientConnected, .clientDisconnected, .systemStarted, .systemShutdown: nil
        }
    }

    /// The task as the event leaves it (as it was, for a deletion); `nil` for system events.
    public var task: TaskItem? {
        switch self {
        case .taskCreated(let p): p.task
        case .taskUpdated(let p): p.task
        case .taskDeleted(let p): p.task
        case .taskStatusChanged(let p): p.task
        case .taskPriorityChanged(let p): p.task
        case .taskAssigned(let p): p.task
        case .taskCollaboratorsUpdated(let p), .taskWatchersUpdated(let p): p.task
        case .taskDependencyAdded(let p): p.task
        case .taskDependencyRemoved(let p): p.task
        case .clientConnected, .clientDisconnected, .systemStarted, .systemShutdown: nil
        }
    }

    /// The other task a dependency event names, so that queries by task find it from both ends.
    public var relatedTaskID: TaskID? {
        switch self {
        case .taskDependencyAdded(let p): p.dependsOn
        case .taskDependencyRemoved(let p): p.dependencyRemoved
        default: nil
        }
    }
}
