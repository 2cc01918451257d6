import Foundation

/// The filter language of `/`: `status:todo priority:high @alice +tag is:blocked free text`.
///
/// Terms of the same kind are alternatives (`status:todo status:done` shows both); different
/// kinds must all hold. A leading `-` negates a term (`-status:done`, `-+wip`). `@me` is the
/// current user, `@none` an unassigned task; `is:blocked` and `is:open` test derived state.
/// Free words must all appear in the title, the description or the short id.
public struct TaskQuery: Sendable, Hashable {
    public private(set) var text: String = ""
    public private(set) var statuses: Set<TaskStatus> = []
    public private(set) var excludedStatuses: Set<TaskStatus> = []
    public private(set) var priorities: Set<TaskPriority> = []
    public private(set) var excludedPriorities: Set<TaskPriority> = []
    public private(set) var assignees: Set<String> = []
    public private(set) var tags: Set<String> = []
    public private(set) var excludedTags: Set<String> = []
    public private(set) var blocked: Bool?
    public private(set) var open: Bool?
    public private(set) var words: [String] = []

    public init() {}

    public var isEmpty: Bool { text.isEmpty }

    /// Parses `text`. - Throws: `QueryError` naming the term it could not read.
    public static func parse(_ text: String) throws(QueryError) -> TaskQuery {
        var query = TaskQuery()
        query.text = text.trimmingCharacters(in: .whitespaces)
        for raw in query.text.split(separator: " ") {
            let negated = raw.hasPrefix("-") && raw.count > 1
            let term = negated ? raw.dropFirst() : raw[...]
            try query.add(String(term), negated: negated)
        }
        return query
    }

    private mutating func add(_ term: String, negated: Bool) throws(QueryError) {
        let lower = term.lowercased()
        if lower.hasPrefix("status:") {
            let status = try Self.status(String(lower.dropFirst(7)))
            if negated { excludedStatuses.insert(status) } else { statuses.insert(status) }
        } else if lower.hasPrefix("priority:") {
            let priority = try Self.priority(String(lower.dropFirst(9)))
            if negated { excludedPriorities.insert(priority) } else { priorities.insert(priority) }
        } else if lower.hasPrefix("is:") {
            switch lower.dropFirst(3) {
            case "blocked": blocked = !negated
            case "open": open = !negated
            default: throw QueryError("unknown 'is:' term '\(term)' (is:blocked, is:open)")
            }
        } else if lower.hasPrefix("@"), lower.count > 1 {
            assignees.insert(String(lower.dropFirst()))
        } else if lower.hasPrefix("+"), lower.count > 1 {
            if negated { excludedTags.insert(String(lower.dropFirst())) } else { tags.insert(String(lower.dropFirst())) }
        } else if lower.contains(":"), let key = lower.split(separator: ":").first, !key.isEmpty, !lower.hasPrefix("#") {
            throw QueryError("unknown term '\(term)': use status:, priority:, is:, @user, +tag or plain words")
        } else {
            words.append(lower.hasPrefix("#") ? String(lower.dropFirst()) : lower)
        }
    }

    public static func status(_ value: String) throws(QueryError) -> TaskStatus {
        let compact = value.replacingOccurrences(of: "-", with: "")
        if let hit = TaskStatus.allCases.first(where: { $0.rawValue.replacingOccurrences(of: "-", with: "").hasPrefix(compact) }), !compact.isEmpty {
            return hit
        }
        throw QueryError("unknown status '\(value)' (todo, in-progress, done, invalid)")
    }

    public static func priority(_ value: String) throws(QueryError) -> TaskPriority {
        if !value.isEmpty, let hit = TaskPriority.allCases.first(where: { $0.rawValue.hasPrefix(value) }) { return hit }
        throw QueryError("unknown priority '\(value)' (low, medium, high)")
    }

    /// Whether `task` passes every term. `user` is who `@me` means.
    public func matches(_ task: TaskItem, on board: TaskBoard, user: UserID) -> Bool {
        if !statuses.isEmpty, !statuses.contains(task.status) { return false }
        if excludedStatuses.contains(task.status) { return false }
        if !priorities.isEmpty, !priorities.contains(task.priority) { return false }
        if excludedPriorities.contains(task.priority) { return false }
        if !assignees.isEmpty {
            let assignee = task.assignedTo?.lowercased()
            let hit = assignees.contains { name in
                switch name {
                case "me": assignee == user.lowercased()
                case "none": assignee == nil
                default: assignee == name
                }
            }
            if !hit { return false }
        }
        if !tags.isEmpty || !excludedTags.isEmpty {
            let lowered = Set(task.tags.map { $0.lowercased() })
            if !tags.isSubset(of: lowered) || !excludedTags.isDisjoint(with: lowered) { return false }
        }
        if let open, open == task.status.isSettled { return false }
        if let blocked, blocked != board.isBlocked(task.id) { return false }
        if !words.isEmpty {
            let title = task.title.lowercased()
            let description = task.description?.lowercased() ?? ""
            let shortID = task.shortID
            for word in words where !title.contains(word) && !description.contains(word) && !shortID.hasPrefix(word) {
                return false
            }
        }
        return true
    }
}

/// A filter the query language cannot read; `message` says which term and what would do.
public struct QueryError: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
