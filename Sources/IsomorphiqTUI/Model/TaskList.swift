public import IsomorphiqCore
public import Foundation

/// The rows of the task list: the board filtered by `query` and ordered by `sort`, with the
/// cursor held on a task rather than on a row number.
///
/// A change to one task moves one row (binary search, O(log n) comparisons), so a burst of
/// remote events costs little even with 100,000 tasks. The cursor follows its task wherever
/// the task moves; when the task leaves the list, the cursor stays on the same row number.
public struct TaskList: Sendable {
    public var query = TaskQuery()
    public var sort = TaskSort()
    public private(set) var rows: [TaskID] = []
    public private(set) var cursor = 0
    /// The first row on screen.
    public var scrollTop = 0
    /// Tasks marked with `v` for a batch change.
    public var marked: Set<TaskID> = []

    public init() {}

    public var selectedID: TaskID? { rows.indices.contains(cursor) ? rows[cursor] : nil }
    public var count: Int { rows.count }

    /// Recomputes every row (after a new filter, sort, or initial board). Keeps the cursor's task.
    public mutating func rebuild(from board: TaskBoard, user: UserID) {
        let keep = selectedID
        let query = self.query
        let sort = self.sort
        var tasks = board.tasks.values.filter { query.matches($0, on: board, user: user) }
        tasks.sort { sort.orders($0, before: $1) }
        rows = tasks.map(\.id)
        marked = marked.filter { board[$0] != nil }
        if let keep, let task = board[keep], let index = position(of: task, in: board) {
            cursor = index
        } else {
            cursor = min(cursor, max(0, rows.count - 1))
        }
    }

    /// Moves the one row `old → new` describes (a creation has no `old`, a deletion no `new`).
    /// `board` is the board after the change. Tasks whose blocked-ness depends on the change
    /// are re-checked by the caller through `refresh`.
    public mutating func taskChanged(from old: TaskItem?, to new: TaskItem?, on board: TaskBoard, user: UserID) {
        let id = old?.id ?? new?.id
        let keep = selectedID
        let screenOffset = cursor - scrollTop
        var removedAt: Int?
        if let old, let index = position(of: old, in: board, overriding: old), rows[index] == old.id {
            rows.remove(at: index)
            removedAt = index
        } else if let id, let index = rows.firstIndex(of: id) {
            rows.remove(at: index)
            removedAt = index
        }
        if let new, query.matches(new, on: board, user: user) {
            rows.insert(new.id, at: insertionIndex(of: new, in: board))
        }
        if new == nil, let id { marked.remove(id) }
        restoreCursor(keep: keep, removedAt: removedAt, changed: id, screenOffset: screenOffset, board: board)
    }

    private mutating func restoreCursor(keep: TaskID?, removedAt: Int?, changed: TaskID?, screenOffset: Int, board: TaskBoard) {
        if let keep, let task = board[keep], let index = position(of: task, in: board), rows[index] == keep {
            cursor = index
        } else if keep == changed, let removedAt {
            cursor = min(removedAt, max(0, rows.count - 1))
        } else {
            cursor = min(cursor, max(0, rows.count - 1))
        }
        scrollTop = max(0, cursor - screenOffset)
    }

    /// The row of `task` if it is listed (binary search by the sort order).
    public func position(of task: TaskItem, in board: TaskBoard, overriding override: TaskItem? = nil) -> Int? {
        let index = lowerBound(task, in: board, overriding: override)
        return index < rows.count && rows[index] == task.id ? index : nil
    }

    private func insertionIndex(of task: TaskItem, in board: TaskBoard) -> Int {
        lowerBound(task, in: board, overriding: nil)
    }

    private func lowerBound(_ task: TaskItem, in board: TaskBoard, overriding override: TaskItem?) -> Int {
        var low = 0
        var high = rows.count
        while low < high {
            let mid = (low + high) / 2
            let id = rows[mid]
            let other = (override?.id == id ? override : nil) ?? board[id]
            if let other, sort.orders(other, before: task) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Moves the cursor by `delta` rows, clamped; `viewHeight` keeps it on screen.
    public mutating func move(by delta: Int, viewHeight: Int) {
        guard !rows.isEmpty else { return }
        cursor = max(0, min(rows.count - 1, cursor + delta))
        scrollIntoView(viewHeight: viewHeight)
    }

    public mutating func select(row: Int, viewHeight: Int) {
        guard !rows.isEmpty else { return }
        cursor = max(0, min(rows.count - 1, row))
        scrollIntoView(viewHeight: viewHeight)
    }

    public mutating func scrollIntoView(viewHeight: Int) {
        let height = max(1, viewHeight)
        if cursor < scrollTop { scrollTop = cursor }
        if cursor >= scrollTop + height { scrollTop = cursor - height + 1 }
        scrollTop = max(0, min(scrollTop, max(0, rows.count - height)))
    }
}
