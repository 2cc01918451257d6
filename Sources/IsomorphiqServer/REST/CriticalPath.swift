import IsomorphiqCore

/// The longest chain of open tasks linked by dependencies: what must be done, in order, before
/// the last of them can be. Ties go to higher priority, then to the older task; between equally
/// long chains into one task, to the dependency with the smaller id.
///
/// Linear in tasks and edges: one depth-first pass with an explicit stack (no recursion, so a
/// chain of any depth is safe) keeps each task's chain length and the dependency it continues
/// from, and the winning chain is rebuilt once at the end. Memory is a few words per task.
enum CriticalPath {
    static func of(_ board: TaskBoard) -> [TaskItem] {
        var length: [TaskID: Int] = [:]
        var previous: [TaskID: TaskID] = [:]
        length.reserveCapacity(board.count)

        /// Fills `length[root]` (0 for a settled or missing task) for `root` and everything it depends on.
        func measure(_ root: TaskID) {
            guard length[root] == nil else { return }
            // Each frame: a task, its open dependencies in id order, and how many have been looked at.
            var stack: [(id: TaskID, dependencies: [TaskID], next: Int)] = []
            var onStack: Set<TaskID> = []
            func push(_ id: TaskID) {
                guard let task = board[id], !task.status.isSettled else {
                    length[id] = 0
                    return
                }
                onStack.insert(id)
                stack.append((id, task.dependencies.sorted { $0.wire < $1.wire }, 0))
            }
            push(root)
            while let top = stack.last {
                if top.next < top.dependencies.count {
                    let dependency = top.dependencies[top.next]
                    stack[stack.count - 1].next += 1
                    // A task already on the stack would be a cycle (the service refuses those): it adds nothing.
                    if length[dependency] == nil, !onStack.contains(dependency) { push(dependency) }
                    continue
                }
                stack.removeLast()
                onStack.remove(top.id)
                var best = 0
                for dependency in top.dependencies {
                    let candidate = length[dependency] ?? 0
                    if candidate > best {
                        best = candidate
                        previous[top.id] = dependency
                    }
                }
                length[top.id] = best + 1
            }
        }

        var end: TaskID?
        var longest = 0
        let open = board.tasks.values.filter { !$0.status.isSettled }
            .sorted { ($0.priority, $1.createdAt) > ($1.priority, $0.createdAt) }
        for task in open {
            measure(task.id)
            if let candidate = length[task.id], candidate > longest {
                longest = candidate
                end = task.id
            }
        }
        var chain: [TaskItem] = []
        chain.reserveCapacity(longest)
        var cursor = end
        while let id = cursor, let task = board[id], chain.count < longest {
            chain.append(task)
            cursor = previous[id]
        }
        return chain.reversed()
    }
}
