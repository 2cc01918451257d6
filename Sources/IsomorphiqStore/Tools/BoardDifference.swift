public import IsomorphiqCore

/// How one task differs between two boards that should be equal.
public struct BoardDifference: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Only the reference board (the full replay) has the task.
        case missing
        /// Only the board under test has the task.
        case unexpected
        /// Both have it; these fields differ.
        case fields([String])
    }

    public var taskID: TaskID
    public var kind: Kind

    public var description: String {
        let id = taskID.wire
        switch kind {
        case .missing: return "task \(id): in the replayed log but missing here"
        case .unexpected: return "task \(id): here but not in the replayed log"
        case .fields(let names): return "task \(id): differs in \(names.joined(separator: ", "))"
        }
    }

    /// Task-by-task differences of `other` from `reference`, ordered by task id.
    public static func compare(_ reference: TaskBoard, _ other: TaskBoard) -> [BoardDifference] {
        var differences: [BoardDifference] = []
        for id in Set(reference.tasks.keys).union(other.tasks.keys).sorted(by: { $0.wire < $1.wire }) {
            switch (reference[id], other[id]) {
            case (.some, nil): differences.append(BoardDifference(taskID: id, kind: .missing))
            case (nil, .some): differences.append(BoardDifference(taskID: id, kind: .unexpected))
            case (let a?, let b?) where a != b: differences.append(BoardDifference(taskID: id, kind: .fields(changedFields(a, b))))
            default: break
            }
        }
        return differences
    }

    static func changedFields(_ a: TaskItem, _ b: TaskItem) -> [String] {
        var names: [String] = []
        func check<T: Equatable>(_ name: String, _ path: KeyPath<TaskItem, T>) {
            if a[keyPath: path] != b[keyPath: path] { names.append(name) }
        }
        check("title", \.title)
        check("description", \.description)
        check("status", \.status)
        check("priority", \.priority)
        check("createdBy", \.createdBy)
        check("assignedTo", \.assignedTo)
        check("collaborators", \.collaborators)
        check("watchers", \.watchers)
        check("dependencies", \.dependencies)
        check("tags", \.tags)
        check("due", \.due)
        check("createdAt", \.createdAt)
        check("updatedAt", \.updatedAt)
        check("version", \.version)
        return names
    }
}
