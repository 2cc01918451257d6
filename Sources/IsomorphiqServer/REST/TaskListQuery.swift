import Foundation
import Hummingbird
import IsomorphiqCore

/// `GET /api/tasks` filters, sort and paging, validated.
///
/// Filters combine with AND; within `status` and `priority` a comma list means any of them.
/// `sort` is a field (`createdAt`, `updatedAt`, `priority`, `status`, `title`, `due`), `-` for
/// descending. `cursor` is the opaque `nextCursor` of the previous page. `q` is an expression in
/// the TUI's filter language (`status:todo @me +backend is:blocked words`), `@me` meaning the
/// caller; it combines with the other filters.
struct TaskListQuery {
    var expression: TaskQuery?
    /// Who `@me` in `q` means; the caller sets it.
    var user: UserID = ""
    var statuses: Set<TaskStatus>?
    var priorities: Set<TaskPriority>?
    var assignee: String?
    var tag: String?
    var text: String?
    var sortField = "createdAt"
    var descending = false
    var limit = 100
    var offset = 0

    static let sortFields: Set<String> = ["createdAt", "updatedAt", "priority", "status", "title", "due"]
    static let maxLimit = 1000

    init(_ parameters: Parameters) throws(InputError) {
        try self.init(lookup: { parameters.get($0).flatMap { $0.isEmpty ? nil : $0 } })
    }

    /// Empty values (`?status=`) count as absent.
    init(_ raw: (String) -> String?) throws(InputError) {
        try self.init(lookup: { key in raw(key).flatMap { $0.isEmpty ? nil : $0 } })
    }

    /// From any source of named string values (query parameters, a TCP command's data).
    private init(lookup parameters: (String) -> String?) throws(InputError) {
        if let raw = parameters("status") {
            statuses = try Set(Self.list(raw).map { (text: String) throws(InputError) -> TaskStatus in
                guard let status = TaskStatus(rawValue: text) else { throw InputError("status must be among \(TaskStatus.allCases.map(\.rawValue).joined(separator: ", "))", field: "status") }
                return status
            })
        }
        if let raw = parameters("priority") {
            priorities = try Set(Self.list(raw).map { (text: String) throws(InputError) -> TaskPriority in
                guard let priority = TaskPriority(rawValue: text) else { throw InputError("priority must be among low, medium, high", field: "priority") }
                return priority
            })
        }
        if let raw = parameters("q") {
            do { expression = try TaskQuery.parse(raw) } catch { throw InputError(error.message, field: "q") }
        }
        assignee = parameters("assignee")
        tag = parameters("tag")
        text = parameters("text").map { $0.lowercased() }
        if let sort = parameters("sort") {
            descending = sort.hasPrefix("-")
            sortField = descending ? String(sort.dropFirst()) : sort
            guard Self.sortFields.contains(sortField) else { throw InputError("sort must be one of \(Self.sortFields.sorted().joined(separator: ", ")) (prefix - for descending)", field: "sort") }
        }
        if let raw = parameters("limit") {
            guard let value = Int(raw), (1...Self.maxLimit).contains(value) else { throw InputError("limit must be 1–\(Self.maxLimit)", field: "limit") }
            limit = value
        }
        if let cursor = parameters("cursor") {
            // Any run of digits is a position; one past every task (even past Int.max) is an empty page.
            guard !cursor.isEmpty, cursor.utf8.allSatisfy({ (48...57).contains($0) }) else {
                throw InputError("cursor is not one this server gave", field: "cursor")
            }
            offset = Int(cursor) ?? Int.max
        }
    }

    private static func list(_ raw: String) -> [String] {
        raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func matches(_ task: TaskItem, on board: TaskBoard) -> Bool {
        if let expression, !expression.matches(task, on: board, user: user) { return false }
        if let statuses, !statuses.contains(task.status) { return false }
        if let priorities, !priorities.contains(task.priority) { return false }
        if let assignee, task.assignedTo != assignee { return false }
        if let tag, !task.tags.contains(tag) { return false }
        if let text, !(task.title.lowercased().contains(text) || (task.description?.lowercased().contains(text) ?? false)) { return false }
        return true
    }

    /// The page of `board`'s tasks (the cursor is the offset of the next page), the total matching, and the cursor of the next page.
    func page(of board: TaskBoard) -> (tasks: [TaskItem], total: Int, nextCursor: String?) {
        let matching = board.tasks.values.filter { matches($0, on: board) }.sorted(by: ordered)
        let start = min(offset, matching.count)
        let end = min(start + limit, matching.count)
        let next = end < matching.count ? String(end) : nil
        return (Array(matching[start..<end]), matching.count, next)
    }

    private func ordered(_ a: TaskItem, _ b: TaskItem) -> Bool {
        let order: ComparisonResult
        switch sortField {
        case "updatedAt": order = Self.compare(a.updatedAt, b.updatedAt)
        case "priority": order = a.priority == b.priority ? .orderedSame : (a.priority < b.priority ? .orderedAscending : .orderedDescending)
        case "status": order = Self.compare(a.status.rawValue, b.status.rawValue)
        case "title": order = a.title.localizedCaseInsensitiveCompare(b.title)
        case "due": order = Self.compare(a.due ?? .distantFuture, b.due ?? .distantFuture)
        default: order = Self.compare(a.createdAt, b.createdAt)
        }
        if order == .orderedSame { return a.id.wire < b.id.wire }
        return descending ? order == .orderedDescending : order == .orderedAscending
    }

    private static func compare<T: Comparable>(_ a: T, _ b: T) -> ComparisonResult {
        a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
    }
}

/// `{"seq", "tasks", "total", "nextCursor"}`.
struct TaskPageEnvelope: Encodable {
    var seq: Int64
    var tasks: [TaskItem]
    var total: Int
    var nextCursor: String?
}
