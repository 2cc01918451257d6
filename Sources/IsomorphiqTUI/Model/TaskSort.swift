public import IsomorphiqCore
import Foundation

/// How the task list is ordered: a field and a direction. Ties fall back to creation time and
/// then id, so the order is total and a task can be found by binary search.
public struct TaskSort: Sendable, Hashable {
    public enum Field: String, Sendable, Hashable, CaseIterable {
        /// high first
        case priority
        /// todo, in-progress, done, invalid
        case status
        /// soonest first, no due date last
        case due
        /// most recently changed first
        case updated
        /// newest first
        case created
        /// A to Z
        case title
    }

    public var field: Field
    public var reversed: Bool

    public init(field: Field = .priority, reversed: Bool = false) {
        self.field = field
        self.reversed = reversed
    }

    /// The label the status bar shows (`priority`, `due ↑`).
    public var label: String { reversed ? "\(field.rawValue) (reversed)" : field.rawValue }

    /// The next field, for `o`; the direction resets.
    public var nextField: TaskSort {
        let all = Field.allCases
        return TaskSort(field: all[(all.firstIndex(of: field)! + 1) % all.count])
    }

    /// Whether `a` is listed before `b`.
    public func orders(_ a: TaskItem, before b: TaskItem) -> Bool {
        let primary = compare(a, b)
        if primary != 0 { return reversed ? primary > 0 : primary < 0 }
        if a.createdAt != b.createdAt { return a.createdAt < b.createdAt }
        return a.id.uuidString < b.id.uuidString
    }

    /// Negative when `a` comes first by the field alone.
    private func compare(_ a: TaskItem, _ b: TaskItem) -> Int {
        switch field {
        case .priority: return Self.sign(b.priority.rank, a.priority.rank)
        case .status: return Self.sign(a.status.rank, b.status.rank)
        case .due:
            switch (a.due, b.due) {
            case (nil, nil): return 0
            case (nil, _): return 1
            case (_, nil): return -1
            case (let x?, let y?): return x == y ? 0 : (x < y ? -1 : 1)
            }
        case .updated: return a.updatedAt == b.updatedAt ? 0 : (a.updatedAt > b.updatedAt ? -1 : 1)
        case .created: return a.createdAt == b.createdAt ? 0 : (a.createdAt > b.createdAt ? -1 : 1)
        case .title: return a.title == b.title ? 0 : (a.title < b.title ? -1 : 1)
        }
    }

    private static func sign(_ x: Int, _ y: Int) -> Int { x == y ? 0 : (x < y ? -1 : 1) }
}

extension TaskPriority {
    var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }
}

extension TaskStatus {
    var rank: Int {
        switch self {
        case .todo: 0
        case .inProgress: 1
        case .done: 2
        case .invalid: 3
        }
    }

    /// The status `s` moves to: todo → in-progress → done → todo; invalid → todo.
    var cycled: TaskStatus {
        switch self {
        case .todo: .inProgress
        case .inProgress: .done
        case .done, .invalid: .todo
        }
    }
}
