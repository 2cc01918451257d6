public import IsomorphiqCore
import Foundation

/// What happened to a task since the version an edit was based on, in words: the 409 message
/// the remote UI shows (`bob: status todo → done, title`).
public enum ConflictDescription {
    /// The changes in `history` that moved the task past `version`, by whom.
    public static func describe(_ history: [Event], since version: Int) -> String? {
        let newer = history.filter { ($0.payload.task?.version ?? 0) > version && $0.type.isTaskEvent }
        guard !newer.isEmpty else { return nil }
        let parts = newer.suffix(4).map { "\($0.actor): \(change($0))" }
        return parts.joined(separator: "; ") + (newer.count > 4 ? " (+\(newer.count - 4) more)" : "")
    }

    static func change(_ event: Event) -> String {
        switch event.payload {
        case .taskUpdated(let p): p.changes.keys.sorted().joined(separator: ", ")
        case .taskStatusChanged(let p): "status \(p.oldStatus.rawValue) → \(p.newStatus.rawValue)"
        case .taskPriorityChanged(let p): "priority \(p.oldPriority.rawValue) → \(p.newPriority.rawValue)"
        case .taskAssigned(let p): "assigned to \(p.assignedTo ?? "nobody")"
        case .taskDeleted: "deleted it"
        case .taskCollaboratorsUpdated: "collaborators"
        case .taskWatchersUpdated: "watchers"
        case .taskDependencyAdded, .taskDependencyRemoved: "dependencies"
        default: event.type.rawValue
        }
    }
}
