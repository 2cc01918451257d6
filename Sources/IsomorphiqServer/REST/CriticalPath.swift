import IsomorphiqCore

/// The longest chain of open tasks linked by dependencies: what must be done, in order, before
/// the last of them can be. Ties go to higher priority, then to the older task.
enum CriticalPath {
    static func of(_ board: TaskBoard) -> [TaskItem] {
        var memo: [TaskID: [TaskID]] = [:]
        var visiting: Set<TaskID> = []

        /// The longest open chain ending at `id`, dependencies first.
        func chain(_ id: TaskID) -> [TaskID] {
            if let known = memo[id] { return known }
            guard let task = board[id], !task.status.isSettled, visiting.insert(id).inserted else { return [] }
            var best: [TaskID] = []
            for dependency in task.dependencies.sorted(by: { $0.wire < $1.wire }) {
                let candidate = chain(dependency)
                if candidate.count > best.count { best = candidate }
            }
            visiting.remove(id)
            let result = best + [id]
            memo[id] = result
            return result
        }

        var longest: [TaskID] = []
        let open = board.tasks.values.filter { !$0.status.isSettled }
            .sorted { ($0.priority, $1.createdAt) > ($1.priority, $0.createdAt) }
        for task in open {
            let candidate = chain(task.id)
            if candidate.count > longest.count { longest = candidate }
        }
        return longest.compactMap { board[$0] }
    }
}
