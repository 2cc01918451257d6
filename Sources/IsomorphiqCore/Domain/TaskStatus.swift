/// Where a task is in its life. Raw values are the wire names of the seed design.
public enum TaskStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case todo
    case inProgress = "in-progress"
    case done
    case invalid

    /// The statuses this one may move to. Anything else is a validation error.
    public var allowedTransitions: Set<TaskStatus> {
        switch self {
        case .todo: [.inProgress, .done, .invalid]
        case .inProgress: [.done, .todo, .invalid]
        case .done: [.todo, .inProgress]
        case .invalid: [.todo, .inProgress]
        }
    }

    public func canMove(to next: TaskStatus) -> Bool {
        allowedTransitions.contains(next)
    }

    /// A dependency in this status no longer blocks its dependents.
    public var isSettled: Bool {
        self == .done || self == .invalid
    }
}
