/// The kinds of event. Raw values are the wire names (the seed design's for task events).
public enum EventType: String, Sendable, Codable, CaseIterable, Hashable {
    case taskCreated = "task_created"
    case taskUpdated = "task_updated"
    case taskDeleted = "task_deleted"
    case taskStatusChanged = "task_status_changed"
    case taskPriorityChanged = "task_priority_changed"
    case taskAssigned = "task_assigned"
    case taskCollaboratorsUpdated = "task_collaborators_updated"
    case taskWatchersUpdated = "task_watchers_updated"
    case taskDependencyAdded = "task_dependency_added"
    case taskDependencyRemoved = "task_dependency_removed"
    case clientConnected = "client_connected"
    case clientDisconnected = "client_disconnected"
    case systemStarted = "system_started"
    case systemShutdown = "system_shutdown"

    /// Task events change the board and are stored in the log; system events only travel on the bus.
    public var isTaskEvent: Bool {
        switch self {
        case .clientConnected, .clientDisconnected, .systemStarted, .systemShutdown: false
        default: true
        }
    }

    /// The case's position in `allCases`, for counting in arrays.
    var index: Int {
        switch self {
        case .taskCreated: 0
        case .taskUpdated: 1
        case .taskDeleted: 2
        case .taskStatusChanged: 3
        case .taskPriorityChanged: 4
        case .taskAssigned: 5
        case .taskCollaboratorsUpdated: 6
        case .taskWatchersUpdated: 7
        case .taskDependencyAdded: 8
        case .taskDependencyRemoved: 9
        case .clientConnected: 10
        case .clientDisconnected: 11
        case .systemStarted: 12
        case .systemShutdown: 13
        }
    }

    public static let taskEvents: [EventType] = allCases.filter(\.isTaskEvent)
    public static let systemEvents: [EventType] = allCases.filter { !$0.isTaskEvent }
}
