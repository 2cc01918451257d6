public import Foundation


/// Derived facts about the board. Blocked-ness is derived here and never stored.
extension TaskBoard {
    /// The dependencies of `id` that still block it (neither done nor invalid).
    public func blockers(of id: TaskID) -> [TaskItem] {
        guard let task = tasks[id] else { return [] }
        return task.dependencies.compactMap { tasks[$0] }.filter { !$0.status.isSettled }
    }

    /// A task is blocked while any dependency is neither done nor invalid.
    public func isBlocked(_ id: TaskID) -> Bool {
        guard let task = tasks[id] else { return false }
        return task.dependencies.contains { tasks[$0].map { !$0.status.isSettled } ?? false }
    }

    /// Tasks that depend on `id`.
    public func dependentTasks(of id: TaskID) -> [TaskItem] {
        (dependents[id] ?? []).compactMap { tasks[$0] }
    }

    /// Open tasks that nothing blocks, highest priority first, then oldest.
    public var available: [TaskItem] {
        tasks.values
            .filter { !$0.status.isSettled && !isBlocked($0.id) }
            .sorted { ($0.priority, $1.createdAt) > ($1.priority, $0.createdAt) }
    }

    /// Open tasks that at least one open task waits for.
    public var blocking: [TaskItem] {
        tasks.values
            .filter { task in !task.status.isSettled && dependentTasks(of: task.id).contains { !$0.status.isSettled } }
            .sorted { $0.createdAt < $1.createdAt }
    }

    /// Finds the tasks whose id (lower-case hex, dashes optional) starts with `prefix`.
    public func tasks(withIDPrefix prefix: String) -> [TaskItem] {
        let wanted = prefix.lowercased().replacingOccurrences(of: "-", with: "").trimmingPrefix("#")
        guard !wanted.isEmpty else { return [] }
        return tasks.values.filter { $0.id.wire.replacingOccurrences(of: "-", with: "").hasPrefix(wanted) }
    }
}
