/// Dependency checks over any `TaskLookup`.
enum DependencyGraph {
    /// The path `from → … → to` along dependencies, if `to` can be reached from `from`.
    static func path(from: TaskID, to: TaskID, in board: some TaskLookup) -> [TaskID]? {
        var parent: [TaskID: TaskID] = [:]
        var stack = [from]
        var seen: Set<TaskID> = [from]
        while let current = stack.popLast() {
            if current == to {
                var path = [to]
                var node = to
                while let previous = parent[node] {
                    path.append(previous)
                    node = previous
                }
                return path.reversed()
            }
            for next in board.task(current)?.dependencies ?? [] where seen.insert(next).inserted {
                parent[next] = current
                stack.append(next)
            }
        }
        return nil
    }

    /// Refuses the edge `task depends on dependency` if it is a self-dependency, names a missing
    /// task, or closes a cycle (the error names the cycle).
    static func checkNewEdge(_ task: TaskID, dependsOn dependency: TaskID, in board: some TaskLookup) throws {
        guard task != dependency else {
            throw TaskServiceError.validation("a task cannot depend on itself", field: "dependencies")
        }
        guard board.task(dependency) != nil else {
            throw TaskServiceError.validation("dependency \(dependency.wire) does not exist", field: "dependencies")
        }
        if let path = path(from: dependency, to: task, in: board) {
            let cycle = ([task] + path).map { id in board.task(id).map { "#\($0.shortID)" } ?? id.wire }
            throw TaskServiceError.validation(
                "adding this dependency would make a cycle: \(cycle.joined(separator: " → "))", field: "dependencies")
        }
    }
}
